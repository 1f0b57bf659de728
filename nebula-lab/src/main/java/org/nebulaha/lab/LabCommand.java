package org.nebulaha.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lab}: runs the guide's cluster on this machine and injects faults into it. */
@Command(name = "lab", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "lab (nebula-ha) 0.1",
        description = {"The OpenNebula HA guide's cluster on one machine: nodes one-server1..N, the physical host running",
                "fence_virtd, and a client, each in its own network namespace on 10.10.11.0/24 (needs root);",
                "or, without root, the loopback lab (lab up --loopback): each host on its own 127.10.11.x address on lo."},
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Crash.class,
                LabCommand.PowerOn.class, LabCommand.KillService.class, LabCommand.Partition.class, LabCommand.Heal.class,
                LabCommand.Pause.class, LabCommand.Resume.class, LabCommand.Exec.class, LabCommand.Power.class})
public final class LabCommand {
    @Option(names = "--dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT, description = "where the lab keeps its state, layers and logs "
            + "(default $NEBULA_LAB_DIR, else /var/tmp/nebula-lab as root, $HOME/.cache/nebula-lab otherwise)")
    Path dir;

    Lab lab() {
        return lab(false);
    }

    Lab lab(boolean loopback) {
        return open(dir, loopback);
    }

    /** The lab in {@code dir} (null: {@link #defaultDir}) of the distribution that runs this command (bin/lab, bin/bench). */
    public static Lab open(Path dir, boolean loopback) {
        Path d = dir != null ? dir : defaultDir(System.getenv(), Lab.isRoot());
        String home = System.getProperty("nebula.home");
        if (home == null) throw new LabException("run this through the distribution's bin/lab or bin/bench (nebula.home is not set)");
        return new Lab(d.toAbsolutePath(), Path.of(home), System.out, loopback);
    }

    /** $NEBULA_LAB_DIR; else /var/tmp/nebula-lab for root; else a folder of the user's own ($HOME/.cache, $XDG_RUNTIME_DIR, /tmp). */
    static Path defaultDir(java.util.Map<String, String> env, boolean root) {
        String set = env.get("NEBULA_LAB_DIR");
        if (set != null && !set.isBlank()) return Path.of(set);
        if (root) return Path.of("/var/tmp/nebula-lab");
        String home = env.get("HOME");
        if (home != null && !home.isBlank() && java.nio.file.Files.isWritable(Path.of(home))) return Path.of(home, ".cache", "nebula-lab");
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) return Path.of(runtime, "nebula-lab");
        return Path.of("/tmp", "nebula-lab-" + System.getProperty("user.name"));
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new LabCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LabException) {
                System.err.println("lab: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        LabCommand parent;
    }

    /** A subcommand that does one thing to one node. */
    abstract static class NodeSub extends Sub {
        @Parameters(paramLabel = "NODE")
        String node;

        abstract void run(Lab lab, String node) throws Exception;

        @Override
        public Integer call() throws Exception {
            run(parent.lab(), node);
            return 0;
        }
    }

    @Command(name = "up", description = {"Build the lab, start ricci and fence_virtd, apply the guide's configuration with ccs.",
            "Needs root; --loopback builds the loopback lab instead (any user)."})
    static final class Up extends Sub {
        @Option(names = "--nodes", defaultValue = "2", description = "cluster nodes (default ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--password", defaultValue = "nebula", description = "ricci password on every node (default ${DEFAULT-VALUE})")
        String password;

        @Option(names = "--loopback", description = {"the loopback lab: no namespaces, no root; every host on its own 127.10.11.x address",
                "on lo, each node a process tree with its own root folder; the floating IP is 127.10.11.12"})
        boolean loopback;

        @Option(names = "--sleeptime", defaultValue = "10", description = {"the floating IP's sleeptime in seconds (default ${DEFAULT-VALUE}, the guide's):",
                "how long a planned move waits after removing the address; 0 for the fastest move"})
        int sleeptime;

        @Option(names = "--db", description = {"oned's database: pgsql (default: each node its own PostgreSQL copy, replicated",
                "synchronously by the cluster) or sqlite-shared (one SQLite file in the shared ONE_LOCATION, the older layout,",
                "for comparison; the loopback lab's only one: its nodes share one network stack)"})
        String db;

        @Option(names = "--no-standby", description = {"no hot standbys: oned and Sunstone start cold on each takeover (the",
                "init scripts' `standby` is not run at boot; docs/oned.md, \"Hot standby\")"})
        boolean noStandby;

        @Option(names = "--witness", description = {"run the quorum witness (nebula-witness) on the physical host and configure it with",
                "ccs --setquorumd: the side it votes for keeps quorum in a split, without the two-node race delay"})
        boolean witness;

        @Option(names = "--parallel-start", description = {"adds parallel_start=1 to the guide's service: oned's and Sunstone's scripts",
                "start together after the address (and stop together); docs/rgmanager.md"})
        boolean parallelStart;

        @Override
        public Integer call() throws Exception {
            Lab lab = parent.lab(loopback).withIpSleeptime(sleeptime).withDatabase(db).withStandby(!noStandby).withWitness(witness)
                    .withParallelStart(parallelStart);
            lab.up(nodes, password);
            System.out.println();
            lab.status();
            System.out.println("\nTry next:");
            String[][] next = {
                    {"lab exec one-server1 -- clustat", "the cluster as the guide's readers know it"},
                    {"lab exec client -- curl -sL " + lab.sunstoneUrl(), "Sunstone's login page"},
                    {"lab exec one-server1 -- onevm list", "oned's VMs"},
                    {"lab exec one-server1 -- clusvcadm -r opennebula -m one-server2", "a planned move"},
                    {"lab kill-service one-server1", "the service is restarted in place"},
                    {"lab crash one-server1", "power loss: fenced, then failover"},
                    {"lab exec one-server2 -- clustat", "the service on one-server2"},
                    {"lab power-on one-server1", "back as a member; the ordered domain fails back"},
                    {"lab down", ""}};
            for (String[] n : next) System.out.println(("  " + String.format("%-64s", n[0]) + n[1]).stripTrailing());
            return 0;
        }
    }

    @Command(name = "down", description = "Remove every namespace and process the lab made (the folder stays for a post-mortem).")
    static final class Down extends Sub {
        @Override
        public Integer call() {
            parent.lab().down();
            return 0;
        }
    }

    @Command(name = "status", description = "Hosts, clustat and the Sunstone URL.")
    static final class Status extends Sub {
        @Override
        public Integer call() {
            parent.lab().status();
            return 0;
        }
    }

    @Command(name = "crash", description = "Power loss of a node: link down, every process killed at once.")
    static final class Crash extends NodeSub {
        @Override
        void run(Lab lab, String node) {
            lab.crash(node);
            System.out.println(node + " is powered off (link down, every process killed at once). The other nodes fence it:"
                    + " fence_xvm reboots it,\nunless fence_virtd already reports it off, which counts as fenced (docs/fenced.md,"
                    + " \"Already off\"): then it stays off\nuntil 'lab power-on " + node + "'. Watch: lab exec " + lab.otherNode(node) + " -- clustat");
        }
    }

    @Command(name = "power-on", description = "Boot a node again; ricci and cman start as at boot.")
    static final class PowerOn extends NodeSub {
        @Override
        void run(Lab lab, String node) throws Exception {
            lab.powerOn(node);
        }
    }

    @Command(name = "kill-service", description = "kill -9 the main process of the opennebula service on a node.")
    static final class KillService extends NodeSub {
        @Override
        void run(Lab lab, String node) {
            lab.killService(node);
        }
    }

    @Command(name = "partition", description = "Drop all traffic between two hosts (both ways, silently; namespace lab only).")
    static final class Partition extends Sub {
        @Parameters(index = "0", paramLabel = "A")
        String a;

        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Override
        public Integer call() {
            parent.lab().partition(a, b);
            return 0;
        }
    }

    @Command(name = "heal", description = "Undo every partition.")
    static final class Heal extends Sub {
        @Override
        public Integer call() {
            parent.lab().heal();
            return 0;
        }
    }

    @Command(name = "pause", description = "SIGSTOP every process of a node: a hung machine.")
    static final class Pause extends NodeSub {
        @Override
        void run(Lab lab, String node) {
            lab.pause(node);
        }
    }

    @Command(name = "resume", description = "SIGCONT every process of a paused node.")
    static final class Resume extends NodeSub {
        @Override
        void run(Lab lab, String node) {
            lab.resume(node);
        }
    }

    @Command(name = "exec", description = "Run a command inside a host: lab exec HOST -- COMMAND [ARGS...]")
    static final class Exec extends Sub {
        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Parameters(index = "1..*", paramLabel = "COMMAND")
        List<String> command;

        @Override
        public Integer call() throws Exception {
            return parent.lab().execInteractive(host, command);
        }
    }

    @Command(name = "power", description = {"Power control for fence_virtd's lab backend: off|on|reboot|status|list [DOMAIN].",
            "Domains are the guide's one1, one2... (or the node names). status exits 0 when on, 2 when off."})
    static final class Power extends Sub {
        @Parameters(index = "0", paramLabel = "ACTION")
        String action;

        @Parameters(index = "1", arity = "0..1", paramLabel = "DOMAIN")
        String domain;

        @Override
        public Integer call() throws Exception {
            if (domain == null && !action.equals("list")) throw new LabException("lab power " + action + " needs a DOMAIN");
            return parent.lab().power(action, domain);
        }
    }
}

package org.nebulaha.oned.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.oned.model.LcmState;
import org.nebulaha.oned.model.VmState;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code onevm}: manage virtual machines through oned's XML-RPC API. Exit codes: 0 done,
 * 1 oned refused or could not be reached (message on stderr), 2 usage error.
 */
@Command(name = "onevm", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "onevm 4.2.0 (nebula-ha)",
        description = "Manages OpenNebula virtual machines (ONE_XMLRPC, ONE_AUTH).",
        subcommands = {OneVmCommand.ListCmd.class, OneVmCommand.Show.class, OneVmCommand.Create.class, OneVmCommand.Deploy.class,
                OneVmCommand.Migrate.class, OneVmCommand.Recover.class, OneVmCommand.DiskAttach.class, OneVmCommand.DiskDetach.class,
                OneVmCommand.SnapshotCreate.class, OneVmCommand.Update.class
})
public final class OneVmCommand implements Callable<Integer> {
    static PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return OneClient.run("onevm", commandLine(), args);
    }

    /** onevm's command line: the classes' subcommands, one per VM action, and the ownership commands. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new OneVmCommand());
        // Action subcommands share one class; register each name with its own description.
        ACTIONS.forEach((a, what) -> {
            CommandLine sub = new CommandLine(new Act(a));
            sub.getCommandSpec().name(a).usageMessage().description(what);
            cl.addSubcommand(a, sub);
        });
        cl.addSubcommand(new OneVmOwnerCommands.Chown());
        cl.addSubcommand(new OneVmOwnerCommands.Chmod());
        cl.addSubcommand(new OneVmOwnerCommands.Rename());
        return cl;
    }

    /** The VM actions of one.vm.action, in OpenNebula 4.2's words. */
    static final java.util.Map<String, String> ACTIONS = orderedMap(
            "shutdown", "Shuts down a RUNNING VM (ACPI; --hard: destroys it).",
            "terminate", "Shuts down and removes a VM (--hard: at once).",
            "hold", "Keeps a PENDING VM from being deployed.",
            "release", "Releases a VM on HOLD to PENDING.",
            "stop", "Stops a RUNNING VM, saving its state to the system datastore.",
            "suspend", "Suspends a RUNNING VM, keeping its state on the host.",
            "resume", "Resumes a STOPPED, SUSPENDED, UNDEPLOYED or POWEROFF VM.",
            "boot", "Boots a VM in UNKNOWN or BOOT state again.",
            "restart", "Resubmits the boot of a VM in UNKNOWN or BOOT state.",
            "delete", "Deletes a VM from any state (--recreate: resubmits it to PENDING).",
            "reboot", "Reboots a RUNNING VM (--hard: resets it).",
            "poweroff", "Powers off a RUNNING VM, keeping its disks on the host (--hard: at once).",
            "undeploy", "Shuts down a RUNNING VM and frees the host, keeping its disks (--hard: at once).",
            "resched", "Marks a RUNNING VM to be rescheduled to another host.",
            "unresched", "Clears the reschedule mark of a VM.");

    private static java.util.Map<String, String> orderedMap(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, out);
        return 2;
    }

    static String stateOf(Element vm) {
        int st = Xml.num(vm, "STATE"), lcm = Xml.num(vm, "LCM_STATE");
        VmState s = VmState.of(st);
        return s == VmState.ACTIVE ? LcmState.of(lcm).shortName : s.shortName;
    }

    static String lastHost(Element vm) {
        Element hr = Xml.child(vm, "HISTORY_RECORDS");
        if (hr == null) return "";
        List<Element> h = Xml.children(hr, "HISTORY");
        return h.isEmpty() ? "" : Xml.text(h.get(h.size() - 1), "HOSTNAME");
    }

    @Command(name = "list", description = "Lists VMs: ID USER GROUP NAME STAT UCPU UMEM HOST TIME.")
    static final class ListCmd implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            Element pool = Xml.parse((String) OneClient.fromEnvironment().call("one.vmpool.info", -2, -1, -1, -1));
            out.printf("%6s %-8s %-8s %-15s %-4s %4s %7s %-15s %10s%n", "ID", "USER", "GROUP", "NAME", "STAT", "UCPU", "UMEM", "HOST", "TIME");
            long now = Instant.now().getEpochSecond();
            for (Element vm : Xml.children(pool, "VM")) {
                long stime = Long.parseLong(Xml.text(vm, "STIME")), etime = Long.parseLong(Xml.text(vm, "ETIME"));
                long t = (etime > 0 ? etime : now) - stime;
                String name = (Xml.num(vm, "RESCHED") == 1 ? "*" : "") + Xml.text(vm, "NAME");
                out.printf("%6s %-8s %-8s %-15s %-4s %4s %7s %-15s %10s%n", Xml.text(vm, "ID"), Xml.text(vm, "UNAME"),
                        Xml.text(vm, "GNAME"), cut(name, 15), stateOf(vm), "0", "0K", cut(lastHost(vm), 15),
                        String.format("%dd %02dh%02d", t / 86400, t % 86400 / 3600, t % 3600 / 60));
            }
            return 0;
        }
    }

    static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }

    @Command(name = "show", description = "Shows one VM.")
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "ID") int id;

        @Option(names = {"-x", "--xml"}, description = "Print the XML document.")
        boolean xml;

        @Override
        public Integer call() throws Exception {
            String doc = (String) OneClient.fromEnvironment().call("one.vm.info", id);
            if (xml) {
                out.println(doc);
                return 0;
            }
            Element vm = Xml.parse(doc);
            DateTimeFormatter f = DateTimeFormatter.ofPattern("MM/dd HH:mm:ss").withZone(ZoneId.systemDefault());
            out.println("VIRTUAL MACHINE " + id + " INFORMATION");
            row("ID", Xml.text(vm, "ID"));
            row("NAME", Xml.text(vm, "NAME"));
            row("USER", Xml.text(vm, "UNAME"));
            row("GROUP", Xml.text(vm, "GNAME"));
            row("STATE", VmState.of(Xml.num(vm, "STATE")).name());
            row("LCM_STATE", LcmState.of(Xml.num(vm, "LCM_STATE")).name());
            row("RESCHED", Xml.num(vm, "RESCHED") == 1 ? "Yes" : "No");
            row("HOST", lastHost(vm));
            row("START TIME", f.format(Instant.ofEpochSecond(Long.parseLong(Xml.text(vm, "STIME")))));
            long et = Long.parseLong(Xml.text(vm, "ETIME"));
            row("END TIME", et == 0 ? "-" : f.format(Instant.ofEpochSecond(et)));
            row("DEPLOY ID", Xml.text(vm, "DEPLOY_ID"));
            row("PENDING OPERATION", Xml.text(vm, "PENDING_OPERATION").isEmpty() ? "-" : Xml.text(vm, "PENDING_OPERATION"));
            out.println();
            out.println("USER TEMPLATE");
            printTemplate(Xml.child(vm, "USER_TEMPLATE"));
            out.println();
            out.println("VIRTUAL MACHINE TEMPLATE");
            printTemplate(Xml.child(vm, "TEMPLATE"));
            Element hr = Xml.child(vm, "HISTORY_RECORDS");
            if (hr != null) {
                out.println();
                out.println("VIRTUAL MACHINE HISTORY");
                out.printf("%3s %-15s %-8s %6s%n", "SEQ", "HOST", "REASON", "START");
                for (Element h : Xml.children(hr, "HISTORY"))
                    out.printf("%3s %-15s %-8s %6s%n", Xml.text(h, "SEQ"), Xml.text(h, "HOSTNAME"),
                            List.of("none", "erro", "stop", "user", "canc").get(Math.max(0, Math.min(4, Xml.num(h, "REASON")))),
                            f.format(Instant.ofEpochSecond(Long.parseLong(Xml.text(h, "STIME")))));
            }
            return 0;
        }

        private static void printTemplate(Element t) {
            if (t == null) return;
            for (Element a : Xml.children(t, null)) {
                List<Element> sub = Xml.children(a, null);
                if (sub.isEmpty()) {
                    out.println(a.getTagName() + "=\"" + a.getTextContent() + "\"");
                } else {
                    List<String> parts = new ArrayList<>();
                    for (Element s : sub) parts.add(s.getTagName() + "=\"" + s.getTextContent() + "\"");
                    out.println(a.getTagName() + "=[ " + String.join(", ", parts) + " ]");
                }
            }
        }

        private static void row(String k, String v) {
            out.printf("%-17s: %s%n", k, v);
        }
    }

    @Command(name = "create", description = "Creates a VM from a template file (OpenNebula syntax or XML).")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "FILE") Path file;

        @Option(names = "--hold", description = "Create it on hold.")
        boolean hold;

        @Override
        public Integer call() throws Exception {
            String text = Files.readString(file);
            Object id = OneClient.fromEnvironment().call("one.vm.allocate", text, hold);
            out.println("ID: " + id);
            return 0;
        }
    }

    @Command(name = "update", description = "Replaces the VM's USER_TEMPLATE with the template in FILE (--append: merges it).")
    static final class Update implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "FILE") Path file;

        @Option(names = {"-a", "--append"}, description = "Merge: only the attributes in FILE are replaced or added.")
        boolean append;

        @Override
        public Integer call() throws Exception {
            OneClient.fromEnvironment().call("one.vm.update", id, Files.readString(file), append ? 1 : 0);
            return 0;
        }
    }

    @Command(name = "deploy", description = "Deploys a PENDING or HOLD VM on a host (id or name).")
    static final class Deploy implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "HOST") String host;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.vm.deploy", id, OneHostCommand.hostId(c, host), false);
            return 0;
        }
    }

    @Command(name = "migrate", description = "Migrates a RUNNING VM to another host (id or name).")
    static final class Migrate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "HOST") String host;

        @Option(names = "--live", description = "Live migration.")
        boolean live;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            c.call("one.vm.migrate", id, OneHostCommand.hostId(c, host), live, false);
            return 0;
        }
    }

    @Command(name = "disk-attach", description = "Hot-plugs a disk: onevm disk-attach ID 'DISK=[IMAGE_ID=1]'.")
    static final class DiskAttach implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "TEMPLATE") String template;

        @Override
        public Integer call() throws Exception {
            OneClient.fromEnvironment().call("one.vm.attach", id, template);
            return 0;
        }
    }

    @Command(name = "disk-detach", description = "Hot-unplugs a disk by DISK_ID.")
    static final class DiskDetach implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "DISK_ID") int disk;

        @Override
        public Integer call() throws Exception {
            OneClient.fromEnvironment().call("one.vm.detach", id, disk);
            return 0;
        }
    }

    @Command(name = "snapshot-create", description = "Takes a snapshot of a RUNNING VM.")
    static final class SnapshotCreate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID") int id;
        @Parameters(index = "1", paramLabel = "NAME", arity = "0..1") String name = "";

        @Override
        public Integer call() throws Exception {
            out.println("ID: " + OneClient.fromEnvironment().call("one.vm.snapshotcreate", id, name));
            return 0;
        }
    }

    @Command(name = "recover", description = "Recovers VMs stuck waiting for a driver: give exactly one of the operations. "
            + "--auto settles them from the drivers' record (all transient VMs when no ID is given).")
    static final class Recover implements Callable<Integer> {
        @Parameters(paramLabel = "ID", arity = "0..*") List<Integer> ids = new ArrayList<>();

        @ArgGroup(exclusive = true, multiplicity = "1")
        Op op;

        static final class Op {
            @Option(names = "--failure", description = "Fail the pending operation.") boolean failure;
            @Option(names = "--success", description = "Succeed the pending operation.") boolean success;
            @Option(names = "--retry", description = "Re-send the pending (or failed) operation.") boolean retry;
            @Option(names = "--delete", description = "Delete the VM (cleans up the host).") boolean delete;
            @Option(names = "--recreate", description = "Delete and create again as PENDING.") boolean recreate;
            @Option(names = "--delete-db", description = "Delete from the DB only; nothing done on the host.") boolean deleteDb;
            @Option(names = "--auto", description = "Settle from the drivers' record; never guesses.") boolean auto;
        }

        @Option(names = "--dry-run", description = "With --auto: only print what would be done.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            OneClient c = OneClient.fromEnvironment();
            if (op.auto) {
                List<Integer> targets = ids.isEmpty() ? List.of(-1) : ids;
                for (int id : targets) {
                    String report = (String) c.call("one.vm.autorecover", id, dryRun);
                    // an empty report: say so in one line, so a run that changed nothing is not silent
                    out.println(!report.isEmpty() ? report
                            : id == -1 ? "nothing to recover: no VM waits in a transient state" : "VM " + id + ": nothing to recover");
                }
                return 0;
            }
            if (ids.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "give at least one VM ID");
            int code = op.failure ? 0 : op.success ? 1 : op.retry ? 2 : op.delete ? 3 : op.recreate ? 4 : 5;
            return OneClient.forEach("onevm", "VM", ids, id -> c.call("one.vm.recover", id, code));
        }
    }

    /** One VM action; {@code --hard} selects the hard variant, {@code --recreate} delete-recreate. */
    @Command(name = "action", description = "Performs a VM action (shutdown, terminate, hold, release, stop, suspend, resume, "
            + "boot, delete, reboot, poweroff, undeploy, resched, unresched).")
    static final class Act implements Callable<Integer> {
        private final String action;

        @Parameters(paramLabel = "ID", arity = "1..*") List<Integer> ids;

        @Option(names = "--hard", description = "Hard variant (shutdown, terminate, reboot, poweroff, undeploy).")
        boolean hard;

        @Option(names = "--recreate", description = "With delete: resubmit the VM to PENDING.")
        boolean recreate;

        Act() {
            this("shutdown");
        }

        Act(String action) {
            this.action = action;
        }

        @Override
        public Integer call() throws Exception {
            String a = action + (hard ? "-hard" : "") + (recreate && action.equals("delete") ? "-recreate" : "");
            OneClient c = OneClient.fromEnvironment();
            return OneClient.forEach("onevm", "VM", ids, id -> c.call("one.vm.action", a, id));
        }
    }
}

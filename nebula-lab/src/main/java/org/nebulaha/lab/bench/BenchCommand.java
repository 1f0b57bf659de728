package org.nebulaha.lab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.lab.Lab;
import org.nebulaha.lab.LabCommand;
import org.nebulaha.lab.LabException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench failover|chaos|stability|rejoin ...}: benchmarks run against a lab that is up; {@code bench hardening} needs no lab. */
@Command(name = "bench", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, subcommands = {BenchCommand.Failover.class,
        BenchCommand.ChaosRun.class, BenchCommand.Stability.class, BenchCommand.Rejoin.class, BenchCommand.Hardening.class},
        description = "Benchmarks that print figures (not tests).")
public final class BenchCommand {
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof LabException) {
                System.err.println("bench: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(cl.execute(args));
    }

    /** The lab that is up in {@code dir}, or in lab's own default folder (its mode comes from the lab's state). */
    static Lab lab(Path dir) {
        return LabCommand.open(dir, false);
    }

    @Command(name = "chaos", description = "Seeded random faults against the lab; checks that no two nodes ever held the service and that it came back.")
    static final class ChaosRun implements Callable<Integer> {
        @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--faults", defaultValue = "10", description = "how many faults (default ${DEFAULT-VALUE})")
        int faults;

        @Option(names = "--minutes", defaultValue = "15", description = "stop after this long (default ${DEFAULT-VALUE})")
        int minutes;

        @Option(names = "--bound", defaultValue = "60", description = "seconds the service may take to answer again (default ${DEFAULT-VALUE})")
        int bound;

        @Option(names = "--write-rate", defaultValue = "0", paramLabel = "N", description = {"the write-loss client's allocations a second",
                "(default 0: without pause; oned keeps every VM, so a campaign of hundreds of faults wants e.g. 20)"})
        int writeRate;

        @Option(names = "--dir", description = "the lab's folder (default as lab's: $NEBULA_LAB_DIR, else /var/tmp/nebula-lab as root, $HOME/.cache/nebula-lab otherwise)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            if (writeRate < 0) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--write-rate " + writeRate + ": must be 0 (no pause) or more");
            Chaos.Summary s = new Chaos(lab(dir), System.out).run(seed, faults, java.time.Duration.ofMinutes(minutes),
                    java.time.Duration.ofSeconds(bound), writeRate);
            return s.ok() ? 0 : 1;
        }
    }

    @Command(name = "stability", description = "Saturate every core while the service runs and count false failovers (fencing, service moves).")
    static final class Stability implements Callable<Integer> {
        @Option(names = "--minutes", defaultValue = "10", description = "how long (default ${DEFAULT-VALUE})")
        double minutes;

        @Option(names = "--threads", description = "busy threads (default: one per core)")
        Integer threads;

        @Option(names = "--dir", description = "the lab's folder (default as lab's: $NEBULA_LAB_DIR, else /var/tmp/nebula-lab as root, $HOME/.cache/nebula-lab otherwise)")
        Path dir;

        @Override
        public Integer call() {
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            StabilityBench.Result r = new StabilityBench(lab(dir), System.out).run(java.time.Duration.ofMillis((long) (minutes * 60_000)), n);
            return r.quiet() ? 0 : 1;
        }
    }

    @Command(name = "rejoin", description = "How long a fenced node takes to be a cluster member again after its reboot, N times.")
    static final class Rejoin implements Callable<Integer> {
        @Option(names = "-n", defaultValue = "20", description = "runs (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--fault", defaultValue = "crash", description = "crash (power loss) or pause (SIGSTOP; the cluster fences it) (default ${DEFAULT-VALUE})")
        String fault;

        @Option(names = "--dir", description = "the lab's folder (default as lab's: $NEBULA_LAB_DIR, else /var/tmp/nebula-lab as root, $HOME/.cache/nebula-lab otherwise)")
        Path dir;

        @Override
        public Integer call() {
            List<RejoinBench.Rejoin> r = new RejoinBench(lab(dir), System.out).run(fault, runs, java.time.Duration.ofSeconds(60));
            return r.size() == runs && r.stream().allMatch(x -> x.memberMillis().isPresent()) ? 0 : 1;
        }
    }

    @Command(name = "failover", description = "Client-observed downtime on the floating IP for power loss, a killed service and a planned relocation.")
    static final class Failover implements Callable<Integer> {
        @Option(names = "-n", defaultValue = "5", description = "runs per scenario (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--scenario", split = ",", defaultValue = "power-loss,service,relocation",
                description = "which faults (default ${DEFAULT-VALUE})")
        List<String> scenarios;

        @Option(names = "--dir", description = "the lab's folder (default as lab's: $NEBULA_LAB_DIR, else /var/tmp/nebula-lab as root, $HOME/.cache/nebula-lab otherwise)")
        Path dir;

        @Option(names = "--compare-db", description = {"power loss with both database layouts in the same run, side by side: brings the",
                "lab up with --db sqlite-shared, measures, takes it down, then the same with pgsql (no lab may be up)"})
        boolean compareDb;

        @Option(names = "--sleeptime", defaultValue = "0", description = "with --compare-db: the floating IP's sleeptime of the labs it brings up (default ${DEFAULT-VALUE})")
        int sleeptime;

        @Option(names = "--compare", paramLabel = "FILE", description = {"other clusters' medians to print beside ours as a ratio: lines",
                "'SYSTEM SCENARIO SECONDS' (e.g. 'pacemaker power-loss 6.65'; docs/lab.md)"})
        Path compare;

        @Override
        public Integer call() throws Exception {
            Anchors anchors = compare == null ? Anchors.none() : Anchors.read(compare); // a bad file fails before any fault
            if (compareDb) FailoverCompare.run(() -> lab(dir), sleeptime, runs, System.out);
            else new FailoverBench(lab(dir), System.out).withAnchors(anchors).run(scenarios, runs);
            return 0;
        }
    }

    @Command(name = "hardening", description = "Start oned, Sunstone, fence_virtd and ricci on loopback through their init scripts, apply stalled "
            + "connections, junk datagrams and connections and API calls, and print latencies, log lines and resident memory.")
    static final class Hardening implements Callable<Integer> {
        @Option(names = "--stalled", defaultValue = "600", description = "stalled connections to oned and to Sunstone (default ${DEFAULT-VALUE})")
        int stalled;

        @Option(names = "--calls", defaultValue = "200", description = "calls per latency figure (default ${DEFAULT-VALUE})")
        int calls;

        @Option(names = "--datagrams", defaultValue = "100000", description = "junk datagrams to fence_virtd (default ${DEFAULT-VALUE})")
        int datagrams;

        @Option(names = "--ricci-junk", defaultValue = "1000", description = "junk connections to ricci (default ${DEFAULT-VALUE})")
        int ricciJunk;

        @Override
        public Integer call() throws Exception {
            String home = System.getProperty("nebula.home");
            if (home == null) throw new LabException("run it as bin/bench from the distribution folder (nebula.home is not set)");
            if (stalled < 0 || calls < 1 || datagrams < 0 || ricciJunk < 0) throw new LabException("--calls must be at least 1, the others at least 0");
            Path work = java.nio.file.Files.createTempDirectory("nebula-hardening");
            try {
                return new HardeningBench(Path.of(home), work, System.out).run(new HardeningBench.Load(stalled, calls, datagrams, ricciJunk));
            } finally {
                try (var files = java.nio.file.Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}

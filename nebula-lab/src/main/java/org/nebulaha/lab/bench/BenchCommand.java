package org.nebulaha.lab.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nebulaha.lab.Lab;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench failover [-n N] [--scenario power-loss,service,relocation]}: run against a lab that is up. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchCommand.Failover.class,
        description = "Benchmarks that print figures (not tests).")
public final class BenchCommand {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Command(name = "failover", description = "Client-observed downtime on the floating IP for power loss, a killed service and a planned relocation.")
    static final class Failover implements Callable<Integer> {
        @Option(names = "-n", defaultValue = "5", description = "runs per scenario (default ${DEFAULT-VALUE})")
        int runs;

        @Option(names = "--scenario", split = ",", defaultValue = "power-loss,service,relocation",
                description = "which faults (default ${DEFAULT-VALUE})")
        List<String> scenarios;

        @Option(names = "--dir", description = "the lab's folder (default $NEBULA_LAB_DIR or /var/tmp/nebula-lab)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path d = dir != null ? dir : Path.of(System.getenv().getOrDefault("NEBULA_LAB_DIR", "/var/tmp/nebula-lab"));
            Lab lab = new Lab(d, Path.of(System.getProperty("nebula.home")), System.out);
            new FailoverBench(lab, System.out).run(scenarios, runs);
            return 0;
        }
    }
}

package org.nebulaha.fence.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import org.nebulaha.common.NebulaRoot;
import org.nebulaha.fence.virtd.ConfParser;
import org.nebulaha.fence.virtd.ConfSyntaxException;
import org.nebulaha.fence.virtd.ConfigWizard;
import org.nebulaha.fence.virtd.VirtdConfig;
import org.nebulaha.fence.virtd.VirtdDaemon;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fence_virtd}: the host daemon that carries out fence_xvm requests. Exit codes: 0 normal
 * stop (or -c/-l done), 1 configuration, key, backend or listener error at startup, 2 usage error.
 */
@Command(name = "fence_virtd", mixinStandardHelpOptions = false, sortOptions = false,
        description = "Fence daemon for virtual machines: answers fence_xvm (multicast) and fence_virt -T (TCP) requests.")
public final class FenceVirtdCommand implements Callable<Integer> {
    @Option(names = "-F", description = "Stay in the foreground (default: detach after a successful start)")
    boolean foreground;
    @Option(names = "-f", paramLabel = "<file>", description = "Configuration file (default /etc/fence_virt.conf)")
    Path file;
    @Option(names = "-d", paramLabel = "<level>", description = "Debug level (0 = decisions only, 1 = mechanics, 2+ = everything)")
    int debug = -1;
    @Option(names = "-c", description = "Interactively create or change the configuration file")
    boolean configure;
    @Option(names = "-l", description = "List the available backends and listeners")
    boolean listPlugins;
    @Option(names = "-w", description = "Wait for the backend and listener to initialise (they always do, before serving)")
    boolean waitForInit;
    @Option(names = "-p", paramLabel = "<file>", description = "Pid file (default /var/run/fence_virtd.pid)")
    Path pidFile;
    @Option(names = {"-h", "-?", "--help"}, usageHelp = true, description = "Help")
    boolean help;

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new FenceVirtdCommand());
        cl.setPosixClusteredShortOptionsAllowed(true);
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path conf = file != null ? file : NebulaRoot.resolve("/etc/fence_virt.conf");
        if (listPlugins) {
            System.out.println("Available backends:\n    libvirt 0.3\n    lab 1.0\nAvailable listeners:\n    multicast 1.3\n    tcp 0.2");
            return 0;
        }
        if (configure) {
            return new ConfigWizard(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out).run(conf);
        }
        VirtdConfig c;
        try {
            if (!Files.isRegularFile(conf))
                throw new ConfSyntaxException(conf + ": no such file; create one with fence_virtd -c -f " + conf);
            c = VirtdConfig.from(ConfParser.parse(Files.readString(conf, StandardCharsets.UTF_8), conf.toString()), conf.toString());
        } catch (ConfSyntaxException e) {
            System.err.println("fence_virtd: " + e.getMessage());
            return 1;
        }
        int level = debug >= 0 ? debug : c.debug();
        LogSetup.to(System.err, level <= 0 ? Level.INFO : level == 1 ? Level.FINE : Level.ALL);
        Path pid = pidFile != null ? pidFile : NebulaRoot.resolve("/var/run/fence_virtd.pid");
        if (!foreground && !c.foreground()) return detach(pid);
        VirtdDaemon d;
        try {
            d = VirtdDaemon.start(c, pid, Clock.systemUTC());
        } catch (ConfSyntaxException | IOException e) {
            System.err.println("fence_virtd: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(d::close, "fence_virtd-stop"));
        d.serve();
        return 0;
    }

    /**
     * Starts this same command again with -F as a background process (logging to
     * /var/log/fence_virtd.log), waits until it has written its pid file or died, and reports which.
     */
    private int detach(Path pid) throws IOException, InterruptedException {
        Path log = NebulaRoot.resolve("/var/log/fence_virtd.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(pid);
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FenceVirtdCommand.class.getName(), "-F", "-p", pid.toString()));
        if (file != null) cmd.addAll(List.of("-f", file.toString()));
        if (debug >= 0) cmd.addAll(List.of("-d", String.valueOf(debug)));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(pid) && p.isAlive()) return 0;
            if (!p.isAlive()) {
                System.err.println("fence_virtd: failed to start (exit " + p.exitValue() + "); see " + log);
                return 1;
            }
            Thread.sleep(50); // waiting for a child process to report readiness through its pid file
        }
        System.err.println("fence_virtd: still starting after 30 s; see " + log);
        return 1;
    }
}

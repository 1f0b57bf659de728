package org.nebulaha.oned.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import org.nebulaha.common.Logs;
import org.nebulaha.oned.daemon.OneLocation;
import org.nebulaha.oned.daemon.Oned;
import org.nebulaha.oned.daemon.OnedConf;
import org.nebulaha.oned.db.OwnershipLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code oned}: the OpenNebula daemon. Exit codes: 0 started/stopped/running, 1 could not start
 * (message on stderr), 2 another oned owns the database, 3 not running ({@code --status}), 4 stopped
 * itself because its database ownership may be lost (self-fence), 64 usage.
 */
@Command(name = "oned", mixinStandardHelpOptions = true, version = "oned 4.2.0 (nebula-ha)",
        description = "Runs the OpenNebula daemon (XML-RPC on PORT of oned.conf). Files live under $ONE_LOCATION (etc/, var/), "
                + "created with defaults on first start; without ONE_LOCATION under /etc/one and /var/lib/one.")
public final class OnedCommand implements Callable<Integer> {
    @Option(names = "-f", description = "Run in the foreground (log on stdout).")
    boolean foreground;

    @Option(names = "--status", description = "Exit 0 if oned answers one.system.version, 3 if not.")
    boolean status;

    @Option(names = "--stop", description = "Stop the oned whose pid is in var/oned.pid.")
    boolean stop;

    @Option(names = "--standby", paramLabel = "STATE_FILE", description = "Run in the foreground as a hot standby: warm, "
            + "no database, nothing served, until SIGUSR1 takes over (SIGUSR2 gives up); the state goes to STATE_FILE "
            + "(docs/oned.md, \"Hot standby\").")
    Path standbyState;

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("-f")) {
            // What the init script runs on every failover: picocli's classes (Java 5 class files)
            // cannot come from the class-data sharing archive and cost ~80 ms to load and verify.
            OnedCommand c = new OnedCommand();
            c.foreground = true;
            System.exit(c.call());
        }
        if (args.length == 2 && args[0].equals("--standby")) System.exit(standby(Path.of(args[1])));
        System.exit(new CommandLine(new OnedCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        OneLocation loc = OneLocation.fromEnvironment();
        if (status) return status(loc);
        if (stop) return stop(loc);
        if (standbyState != null) return standby(standbyState);
        if (foreground) return foreground(loc);
        return background(loc);
    }

    private static void logToStdout() {
        // Logs.setup builds a ConsoleHandler, whose default stream is System.err, then replaces
        // that stream, which closes it (and file descriptor 2). Give it a throwaway stream instead.
        java.io.PrintStream realErr = System.err;
        System.setErr(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Logs.setup(System.out, Level.INFO);
        System.setErr(realErr);
    }

    /** A lost database lock ends the process (exit 4); its shutdown hook closes what is left. */
    private static void selfFenceExit(String reason) {
        // halt if the shutdown hook cannot finish (e.g. a hung socket)
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(5000);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(4);
        });
        halt.setDaemon(true);
        halt.start();
        System.exit(4);
    }

    private static int standby(Path stateFile) throws Exception {
        logToStdout();
        OneLocation loc = OneLocation.fromEnvironment();
        return new org.nebulaha.common.HotStandby("oned", stateFile, new org.nebulaha.oned.daemon.StandbyOned(loc, OnedCommand::selfFenceExit),
                STANDBY_REWARM_MILLIS).run();
    }

    /** After giving up, the drivers are launched again this much later (the new owner starts meanwhile). */
    private static final long STANDBY_REWARM_MILLIS = 3000;

    private static int foreground(OneLocation loc) throws InterruptedException {
        logToStdout();
        Oned oned;
        try {
            oned = Oned.start(loc, OnedCommand::selfFenceExit);
        } catch (OwnershipLock.HeldException e) {
            System.err.println("oned: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("oned: cannot start: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.getLogger("oned").log(System.Logger.Level.INFO, "stopping");
            oned.close();
            done.countDown();
        }));
        done.await();
        return 0;
    }

    /** Starts {@code oned -f} detached, logging to var/oned.log, and waits until it answers or dies. */
    private static int background(OneLocation loc) throws IOException, InterruptedException {
        loc.createDefaults();
        if (status(loc) == 0) {
            System.err.println("oned: already running (" + loc.pidFile() + ")");
            return 0;
        }
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) cmd.add("/usr/bin/setsid");
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String home = System.getProperty("nebula.home");
        if (home != null) cmd.add("-Dnebula.home=" + home);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OnedCommand.class.getName(), "-f"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(loc.log().toFile()));
        pb.redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                System.err.println("oned: failed to start (exit " + p.exitValue() + "); see " + loc.log());
                return p.exitValue() == 2 ? 2 : 1;
            }
            if (status(loc) == 0) return 0;
            Thread.sleep(200); // waiting for our own child to come up
        }
        System.err.println("oned: did not answer within 120 s; see " + loc.log());
        return 1;
    }

    private static int status(OneLocation loc) {
        try {
            int port = OnedConf.load(loc.onedConf()).port();
            String auth = Files.readString(loc.oneAuth()).strip();
            OneClient c = new OneClient(URI.create("http://127.0.0.1:" + port + "/RPC2"), auth);
            c.call("one.system.version");
            return 0;
        } catch (Exception e) {
            return 3;
        }
    }

    private static int stop(OneLocation loc) throws IOException, InterruptedException {
        if (!Files.exists(loc.pidFile())) return 0;
        long pid = Long.parseLong(Files.readString(loc.pidFile()).strip());
        var ph = ProcessHandle.of(pid);
        if (ph.isEmpty()) return 0;
        ph.get().destroy();
        try {
            ph.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            ph.get().destroyForcibly();
        }
        return 0;
    }
}

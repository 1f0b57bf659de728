package org.nebulaha.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A front-end daemon kept as a hot standby (docs/oned.md, "Hot standby"): the JVM runs, warm,
 * owning and serving nothing, until {@code SIGUSR1} makes it take over (own, bind, serve);
 * {@code SIGUSR2} makes it give up again (the reverse) without exiting. Signals are the control
 * channel because only root (or the daemon's user) can send them and the init scripts need no
 * client for them; they queue here and run one at a time, so a give-up sent during a takeover
 * runs after it.
 *
 * <p>The state file tells the init scripts what this process is: {@code standby PID} once the
 * signal handlers are in place (before that a signal would kill the JVM, so the scripts signal
 * only a process that wrote it), {@code active PID} once serving. A takeover that fails ends the
 * process (exit 1): the caller sees it die and reports the start failed, as for a cold start.
 */
public final class HotStandby {
    private static final System.Logger LOG = System.getLogger("standby");

    /** What a daemon does in each state; called on one thread. */
    public interface Service {
        /** In standby: load and start what a takeover needs, touching nothing another node may own. */
        void warm() throws Exception;

        /** Take over: own the database, bind, serve; throws when it cannot (the process then exits). */
        void activate() throws Exception;

        /** Give up: stop serving and release what {@link #activate} took; the process stays. */
        void deactivate();
    }

    private enum Command { ACTIVATE, DEACTIVATE, EXIT }

    private final String name;
    private final Path stateFile;
    private final Service service;
    private final long rewarmDelayMillis;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private volatile boolean active;

    /**
     * {@code rewarmDelayMillis}: after a give-up, how long to wait before warming again (a planned
     * move takes over on another node meanwhile, and on a small machine the CPU is better left to it).
     */
    public HotStandby(String name, Path stateFile, Service service, long rewarmDelayMillis) {
        this.name = name;
        this.stateFile = stateFile;
        this.service = service;
        this.rewarmDelayMillis = rewarmDelayMillis;
    }

    /** Runs until the process is told to exit (SIGTERM) or a takeover fails; returns the exit code. */
    public int run() throws IOException, InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            commands.add(Command.EXIT);
            synchronized (this) {
                if (active) service.deactivate();
                active = false;
            }
        }, name + "-standby-exit"));
        warm();
        sun.misc.Signal.handle(new sun.misc.Signal("USR1"), s -> commands.add(Command.ACTIVATE));
        sun.misc.Signal.handle(new sun.misc.Signal("USR2"), s -> commands.add(Command.DEACTIVATE));
        state("standby");
        LOG.log(System.Logger.Level.INFO, "" + name + ": hot standby (pid " + ProcessHandle.current().pid()
                + "): SIGUSR1 takes over, SIGUSR2 gives up");
        boolean warm = true;
        while (true) {
            Command c = warm ? commands.take() : commands.poll(rewarmDelayMillis, TimeUnit.MILLISECONDS);
            if (c == null) {
                warm();
                warm = true;
                continue;
            }
            switch (c) {
                case EXIT:
                    return 0;
                case ACTIVATE:
                    if (active) continue;
                    if (!activate()) return 1;
                    warm = true; // what warm() started was taken (or closed) by the takeover
                    break;
                case DEACTIVATE:
                    if (!active) continue;
                    synchronized (this) {
                        service.deactivate();
                        active = false;
                    }
                    state("standby");
                    LOG.log(System.Logger.Level.INFO, "" + name + ": gave up; hot standby again");
                    warm = false;
                    break;
                default:
                    throw new IllegalStateException(c.toString());
            }
        }
    }

    private boolean activate() throws IOException {
        long t0 = System.nanoTime();
        synchronized (this) {
            try {
                service.activate();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "" + name + ": takeover failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                state("failed");
                return false;
            }
            active = true;
        }
        state("active");
        LOG.log(System.Logger.Level.INFO, "" + name + ": took over in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return true;
    }

    private void warm() {
        try {
            service.warm();
        } catch (Exception e) {
            // a cold part costs time at takeover, never correctness
            LOG.log(System.Logger.Level.WARNING, "" + name + ": warming up: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private void state(String s) throws IOException {
        AtomicFiles.replace(stateFile, s + " " + ProcessHandle.current().pid() + "\n");
    }

    /** The state file's content, or null when it does not exist (for tests and messages). */
    public static String readState(Path stateFile) throws IOException {
        return Files.exists(stateFile) ? Files.readString(stateFile).strip() : null;
    }
}

package org.nebulaha.rgmanager.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sees a watched process die within one poll interval (default 100 ms) by reading
 * {@code /proc/PID/stat}: the process is gone when the file is missing, when it is a zombie
 * ({@code Z}/{@code X}; this machine's init reaps orphans only every ~2 s, and a zombie still passes
 * {@code kill -0}), or when its start time changed (the pid was reused). ProcessHandle.onExit is
 * not used because for processes that are not our children the JDK polls it with a back-off that
 * grows to seconds.
 */
public final class PidWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("rgmanager.pid");

    private record Watch(long pid, String startTime, Runnable onDeath) {}

    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledFuture<?> task;

    public PidWatcher(ScheduledExecutorService scheduler, Duration interval) {
        this.task = scheduler.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Calls {@code onDeath} once when {@code pid} dies; returns an id for {@link #cancel}, or -1 if it is already dead. */
    public long watch(long pid, Runnable onDeath) {
        String start = startTime(pid);
        if (start == null) return -1;
        long id = ids.incrementAndGet();
        watches.put(id, new Watch(pid, start, onDeath));
        return id;
    }

    public void cancel(long id) {
        watches.remove(id);
    }

    private void poll() {
        for (Map.Entry<Long, Watch> e : watches.entrySet()) {
            Watch w = e.getValue();
            if (w.startTime().equals(startTime(w.pid()))) continue;
            if (watches.remove(e.getKey()) == null) continue;
            LOG.log(System.Logger.Level.INFO, "rgmanager: process " + w.pid() + " died; checking its resource now");
            try {
                w.onDeath().run();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.ERROR, "rgmanager: handler for death of process " + w.pid() + " failed", ex);
            }
        }
    }

    /** Field 22 of /proc/PID/stat, or null when the process is gone or a zombie (it exited and waits to be reaped). */
    public static String startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')'); // the command name may contain spaces and parentheses
            String[] f = stat.substring(close + 2).split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) return null;
            return f[19];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The pid written in {@code pidFile}, if the file exists and holds a number. */
    public static java.util.OptionalLong readPidFile(Path pidFile) {
        try {
            String s = Files.readString(pidFile).strip().split("\\s+")[0];
            return java.util.OptionalLong.of(Long.parseLong(s));
        } catch (IOException | RuntimeException e) {
            return java.util.OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        task.cancel(false);
        watches.clear();
    }
}

package org.nebulaha.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Logs one kind of event that a peer can make happen at will (a dropped packet, a garbled
 * message, a bad request) without letting a flood of them flood the log: the first occurrence of
 * an interval is logged in full, the others are only counted, and the count comes out as one
 * summary line (with the last one's text) at the next occurrence or {@link #tick()} after the
 * interval. A steady flood so costs at most two lines per interval. Thread-safe.
 */
public final class RateLimitedLog {
    /** The interval the daemons use. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final System.Logger log;
    private final System.Logger.Level level;
    private final String what;
    private final Duration interval;
    private final Clock clock;
    private Instant windowStart;
    private long suppressed;
    private String lastSuppressed;

    /**
     * @param what the events' name in the summary line, plural: "dropped requests"
     */
    public RateLimitedLog(System.Logger log, System.Logger.Level level, String what, Duration interval, Clock clock) {
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive: " + interval);
        this.log = log;
        this.level = level;
        this.what = what;
        this.interval = interval;
        this.clock = clock;
    }

    public RateLimitedLog(System.Logger log, System.Logger.Level level, String what) {
        this(log, level, what, DEFAULT_INTERVAL, Clock.systemUTC());
    }

    /** One occurrence, described by {@code message}. */
    public synchronized void log(String message) {
        Instant now = clock.instant();
        if (windowStart != null && now.isBefore(windowStart.plus(interval))) {
            suppressed++;
            lastSuppressed = message;
            return;
        }
        summary();
        windowStart = now;
        log.log(level, message);
    }

    /** Writes the summary of an interval that has ended, if it suppressed anything; for a daemon's idle loop. */
    public synchronized void tick() {
        if (windowStart != null && suppressed > 0 && !clock.instant().isBefore(windowStart.plus(interval))) {
            summary();
            windowStart = null;
        }
    }

    private void summary() {
        if (suppressed == 0) return;
        log.log(level, "{0} more {1} in {2} s (not logged one by one); the last: {3}", String.valueOf(suppressed), what,
                String.valueOf(interval.toSeconds()), lastSuppressed);
        suppressed = 0;
        lastSuppressed = null;
    }
}

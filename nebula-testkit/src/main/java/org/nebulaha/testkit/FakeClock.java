package org.nebulaha.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} that moves only when a test says so (Guava's FakeTicker, Caffeine's ticker).
 * Thread-safe. Pair it with {@link FakeScheduler} so that what a daemon waits for happens when the
 * test advances time, not after a real wait.
 */
public final class FakeClock extends Clock {
    private volatile Instant now;
    private final ZoneId zone;

    public FakeClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private FakeClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    /** A clock at 2026-11-25T10:00:00Z, the cases' usual morning. */
    public static FakeClock atMorning() {
        return new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
    }

    public synchronized Instant advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("time does not go back: " + d);
        now = now.plus(d);
        return now;
    }

    public synchronized void set(Instant t) {
        if (t.isBefore(now)) throw new IllegalArgumentException("time does not go back: " + t + " is before " + now);
        now = t;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new FakeClock(now, z);
    }
}

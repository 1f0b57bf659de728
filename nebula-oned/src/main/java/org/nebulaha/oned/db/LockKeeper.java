package org.nebulaha.oned.db;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps oned's database session alive and says when it may be gone. The server ends a session
 * that is silent for LOCK_TIMEOUT (see {@link Database#open}), and with it the ownership lock, so
 * a powered-off owner frees the database within that bound. The living owner therefore pings
 * every LOCK_TIMEOUT/4; and since the server counts silence from the last request it received,
 * which is no earlier than when oned sent its last answered ping, the lock is certainly held
 * until that send time + LOCK_TIMEOUT. When no ping sent in the last 3/4 of LOCK_TIMEOUT has been
 * answered (a ping failed or hangs, or the connection is closed), {@code onLost} is called once:
 * oned stops before another oned can have the lock.
 */
final class LockKeeper implements AutoCloseable {
    /** One round trip to the server ({@code SELECT 1}). */
    interface Pinger {
        void ping() throws SQLException;
    }

    private final Pinger pinger;
    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile long lastAnsweredSend;
    private ScheduledFuture<?> pings, watchdog;

    LockKeeper(Pinger pinger, long timeoutMillis, LongSupplier nanoClock, Consumer<String> onLost) {
        this.pinger = pinger;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.nanoClock = nanoClock;
        this.onLost = onLost;
        this.lastAnsweredSend = nanoClock.getAsLong();
    }

    /** Pings every LOCK_TIMEOUT/4 and checks every LOCK_TIMEOUT/8, on two threads of {@code scheduler} (a hung ping must not stop the check). */
    void start(ScheduledExecutorService scheduler) {
        long period = timeoutNanos / 4;
        pings = scheduler.scheduleWithFixedDelay(this::ping, period, period, TimeUnit.NANOSECONDS);
        watchdog = scheduler.scheduleAtFixedRate(this::check, period / 2, period / 2, TimeUnit.NANOSECONDS);
    }

    /** One ping; a failure means the session (so the lock) may be gone. */
    void ping() {
        if (lost.get()) return;
        long sent = nanoClock.getAsLong();
        try {
            pinger.ping();
            lastAnsweredSend = sent;
        } catch (SQLException e) {
            lost("the keep-alive ping failed: " + e.getMessage());
        }
    }

    /** Declares the lock lost when no ping sent within the last 3/4 of LOCK_TIMEOUT was answered. */
    void check() {
        long silent = nanoClock.getAsLong() - lastAnsweredSend;
        if (silent >= timeoutNanos / 4 * 3)
            lost("no keep-alive ping answered for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (LOCK_TIMEOUT "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms)");
    }

    /** Reports a loss (once); also used when a statement finds the connection broken. */
    void lost(String reason) {
        if (lost.compareAndSet(false, true)) onLost.accept(reason);
    }

    boolean isLost() {
        return lost.get();
    }

    @Override
    public void close() {
        lost.set(true); // a stopping oned's closed connection is no loss to report
        if (pings != null) pings.cancel(false);
        if (watchdog != null) watchdog.cancel(false);
    }
}

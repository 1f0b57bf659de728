package org.nebulaha.common;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where a daemon puts what must happen later (a race delay, a retry): the one edge between a
 * decision that waits and real time. Daemons get {@link #of} a ScheduledExecutorService; tests
 * pass nebula-testkit's {@code FakeScheduler::schedule} and advance its fake clock instead of waiting.
 */
@FunctionalInterface
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}; the returned action cancels it if it has not run. */
    Runnable schedule(Runnable task, Duration delay);

    static Scheduler of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            // nanoseconds: never early, so a decision woken at its due time finds it due
            var f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}

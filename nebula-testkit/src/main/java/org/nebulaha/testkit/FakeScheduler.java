package org.nebulaha.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Delayed tasks that run when a test advances the {@link FakeClock}, on the test's thread, in due
 * order. Its {@link #schedule} has the shape of nebula-common's {@code Scheduler}, so a daemon takes
 * it as {@code fake::schedule}; the daemon's real one wraps a ScheduledExecutorService.
 *
 * <pre>
 * FakeClock clock = FakeClock.atMorning();
 * FakeScheduler timers = new FakeScheduler(clock);
 * Fenced f = new Fenced(..., clock, timers::schedule, ...);
 * timers.advance(Duration.ofSeconds(10));   // race_delay over: the wake-up runs now
 * </pre>
 */
public final class FakeScheduler {
    private record Task(Instant due, long seq, Runnable run) {}

    private final FakeClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long seq;

    public FakeScheduler(FakeClock clock) {
        this.clock = clock;
    }

    public FakeClock clock() {
        return clock;
    }

    /** Runs {@code task} once the clock reaches now + {@code delay}; the returned action cancels it. */
    public synchronized Runnable schedule(Runnable task, Duration delay) {
        Task t = new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    /** Tasks waiting, for failure messages. */
    public synchronized List<Instant> pending() {
        return tasks.stream().map(Task::due).sorted().toList();
    }

    /** Moves the clock forward by {@code d}, running every task that falls due, each at its own time. */
    public void advance(Duration d) {
        Instant end = clock.instant().plus(d);
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> !t.due().isAfter(end))
                        .min(Comparator.comparing(Task::due).thenComparingLong(Task::seq)).orElse(null);
                if (next != null) tasks.remove(next);
            }
            if (next == null) break;
            if (next.due().isAfter(clock.instant())) clock.set(next.due());
            next.run().run();
        }
        if (end.isAfter(clock.instant())) clock.set(end);
    }
}

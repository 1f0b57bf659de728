package org.nebulaha.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition by polling it until a deadline, instead of sleeping a guessed time.
 * On timeout it fails with the last state seen, so a red test tells what the system looked like.
 *
 * <pre>Poll.until(Duration.ofSeconds(10), () -> isStarted(svc), () -> "clustat: " + clustat());</pre>
 */
public final class Poll {
    private Poll() {}

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> lastState) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 5;
        while (true) {
            if (condition.getAsBoolean()) return;
            if (System.nanoTime() > deadline)
                throw new AssertionError("condition not met within " + timeout + "; last state: " + lastState.get());
            // Back off up to 100 ms between checks: quick for fast conditions, light for slow ones.
            java.util.concurrent.locks.LockSupport.parkNanos(pauseMillis * 1_000_000L);
            pauseMillis = Math.min(100, pauseMillis * 2);
        }
    }

    public static void until(Duration timeout, BooleanSupplier condition) {
        until(timeout, condition, () -> "(no state reported)");
    }
}

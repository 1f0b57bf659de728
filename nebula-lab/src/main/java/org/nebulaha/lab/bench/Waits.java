package org.nebulaha.lab.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** The benchmarks' polling: a condition asked every {@code everyMillis} until it holds or the time is up. */
final class Waits {
    private Waits() {}

    /** True as soon as {@code condition} holds; false when {@code within} ran out first. */
    static boolean until(Duration within, long everyMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            LockSupport.parkNanos(everyMillis * 1_000_000L);
        }
        return false;
    }
}

package dev.nexo.memory.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Poll until a condition holds (no fixed sleeps in tests). */
final class Wait {
    private Wait() {
    }

    static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

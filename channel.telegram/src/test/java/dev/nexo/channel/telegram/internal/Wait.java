package dev.nexo.channel.telegram.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds (no fixed sleeps in tests). */
final class Wait {
    private Wait() {
    }

    static void until(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    static <T> T value(String what, Supplier<T> value, java.util.function.Predicate<T> ok) {
        Object[] last = new Object[1];
        until(what, () -> {
            last[0] = value.get();
            @SuppressWarnings("unchecked")
            T v = (T) last[0];
            return ok.test(v);
        });
        @SuppressWarnings("unchecked")
        T v = (T) last[0];
        return v;
    }
}

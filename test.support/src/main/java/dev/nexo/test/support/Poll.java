package dev.nexo.test.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded condition waits: poll until a condition holds or a deadline passes, then fail with the
 * last value seen. Tests use these instead of fixed sleeps.
 */
public final class Poll {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Duration CONDITION_INTERVAL = Duration.ofMillis(10);

    private Poll() {
    }

    /** @return the first value of {@code probe} that {@code done} accepts, polling every 100 ms */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return until(what, timeout, INTERVAL, probe, done);
    }

    /**
     * @return the first value of {@code probe} that {@code done} accepts. A probe that throws a
     *     {@link RuntimeException} is retried (the failure names the last one); an
     *     {@link AssertionError} from the probe (it saw something final, e.g. the process died)
     *     fails at once.
     */
    public static <T> T until(String what, Duration timeout, Duration interval, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = probe.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + "; last seen: " + (lastError != null ? lastError : last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            pause(interval, what);
        }
    }

    /** Waits until {@code condition} holds, polling every 10 ms; {@code what} is only computed on failure. */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        until(timeout, CONDITION_INTERVAL, condition, what);
    }

    /** As {@link #until(Duration, BooleanSupplier, Supplier)}, checking every {@code interval}. */
    public static void until(Duration timeout, Duration interval, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what.get());
            }
            pause(interval, "a condition");
        }
    }

    private static void pause(Duration interval, String what) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }
}

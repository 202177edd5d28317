package dev.nexo.itest;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded condition waits: poll until a condition holds or a deadline passes, then fail with the last value seen. */
public final class Poll {
    private Poll() {
    }

    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
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
                AssertionError failure = new AssertionError(
                        "timed out after " + timeout.toSeconds() + " s waiting for " + what + "; last seen: " + last);
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}

package dev.nexo.mcp.client.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls until a condition holds (no fixed sleeps in assertions). */
final class Await {
    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier done) {
        until(what, timeout, done, () -> "");
    }

    static void until(String what, Duration timeout, BooleanSupplier done, Supplier<String> state) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + " " + state.get());
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

package dev.nexo.channel.telegram.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Completes futures after a delay; tests pass one that records the delays and completes at once. */
@FunctionalInterface
interface Delays {
    /** @return a future that completes after {@code delay} (at once for zero or negative) */
    CompletableFuture<Void> after(Duration delay);
}

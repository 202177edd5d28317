package dev.nexo.llm.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Schedules continuations after a delay; tests pass one that records delays instead of waiting. */
@FunctionalInterface
interface Delayer {
    /**
     * @param delay how long to wait
     * @return a stage completing after {@code delay}, or failing if the scheduler has stopped
     */
    CompletableFuture<Void> after(Duration delay);

    /** @return a delayer on {@code scheduler} */
    static Delayer on(ScheduledExecutorService scheduler) {
        return delay -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            try {
                scheduler.schedule(() -> done.complete(null), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                done.completeExceptionally(stopped);
            }
            return done;
        };
    }
}

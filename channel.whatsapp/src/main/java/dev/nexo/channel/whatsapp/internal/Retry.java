package dev.nexo.channel.whatsapp.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.fault.CircuitOpenException;

/**
 * Runs a Graph API call through the account's circuit breaker and retries it exactly once when the
 * API says the failure is temporary (throttled or transient), after its Retry-After or the shared
 * decorrelated-jitter backoff. Permanent errors fail at once.
 */
final class Retry {
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final Function<Duration, Executor> delayer;

    /**
     * @param breaker the account's breaker
     * @param backoff retry schedule for the one retry
     * @param delayer gives an executor that runs a task after a delay; tests run it at once
     */
    Retry(CircuitBreaker breaker, Backoff backoff, Function<Duration, Executor> delayer) {
        this.breaker = breaker;
        this.backoff = backoff;
        this.delayer = delayer;
    }

    <T> CompletionStage<T> call(Supplier<CompletionStage<T>> call) {
        return attempt(call).handle((ok, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(ok);
            }
            ChannelException e = unwrap(failure);
            if (!e.code().isRetryable() || e.code() == ChannelErrorCode.UNAVAILABLE && isBreakerOpen(failure)) {
                return CompletableFuture.<T>failedFuture(e);
            }
            Duration wait = e.retryAfter().orElseGet(() -> backoff.delay(1, null));
            CompletableFuture<T> retried = new CompletableFuture<>();
            delayer.apply(wait).execute(() -> attempt(call).whenComplete((r, f) -> {
                if (f == null) {
                    retried.complete(r);
                } else {
                    retried.completeExceptionally(unwrap(f));
                }
            }));
            return retried;
        }).thenCompose(Function.identity());
    }

    private <T> CompletionStage<T> attempt(Supplier<CompletionStage<T>> call) {
        return breaker.callAsync(call);
    }

    private static boolean isBreakerOpen(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof CircuitOpenException;
    }

    /** @return the failure as a ChannelException, whatever wrapped it */
    static ChannelException unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ChannelException c) {
            return c;
        }
        if (t instanceof CircuitOpenException open) {
            return new ChannelException(ChannelErrorCode.UNAVAILABLE, "Graph API circuit is open", null, open);
        }
        return new ChannelException(ChannelErrorCode.FAILED, "send failed: " + t.getClass().getSimpleName(), null, t);
    }
}

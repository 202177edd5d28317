package dev.nexo.llm.internal;

import dev.nexo.api.fault.Backoff;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The seed's LLM retry taxonomy: rate limits (429) up to {@code rateLimitAttempts} attempts with a
 * decorrelated-jitter delay that is at least the provider's {@code Retry-After}; server errors,
 * timeouts and connection failures up to {@code serverAttempts} attempts; everything else fails at
 * once. Counts are per error class, and an attempt number includes the first call.
 *
 * @param rateLimitAttempts attempts while the provider answers 429 (seed: 5)
 * @param rateLimitBackoff delays between them (seed: 1 s → 60 s)
 * @param serverAttempts attempts while the provider answers 5xx or cannot be reached (seed: 3)
 * @param serverBackoff delays between them (seed: 1 s → 30 s)
 */
record RetryPolicy(int rateLimitAttempts, Backoff rateLimitBackoff, int serverAttempts, Backoff serverBackoff) {

    /** The seed's defaults with the given random source. */
    static RetryPolicy defaults(DoubleSupplier random) {
        return of(5, Duration.ofSeconds(1), Duration.ofSeconds(60), 3, Duration.ofSeconds(30), random);
    }

    static RetryPolicy of(int rateLimitAttempts, Duration initial, Duration rateLimitCap, int serverAttempts,
            Duration serverCap, DoubleSupplier random) {
        Duration serverMax = serverCap.compareTo(initial) < 0 ? initial : serverCap;
        Duration rateMax = rateLimitCap.compareTo(initial) < 0 ? initial : rateLimitCap;
        return new RetryPolicy(Math.max(1, rateLimitAttempts), Backoff.decorrelatedJitter(initial, rateMax, random),
                Math.max(1, serverAttempts), Backoff.decorrelatedJitter(initial, serverMax, random));
    }

    /** @return fresh per-call retry state */
    Schedule schedule() {
        return new Schedule();
    }

    /** The retry state of one call; not thread-safe (one call's attempts run one after the other). */
    final class Schedule {
        private int rateLimited;
        private int serverFailures;
        private Duration previousRateDelay;
        private Duration previousServerDelay;

        /**
         * @param failure the failure of the attempt that just ended
         * @return the delay before the next attempt, or empty to give up with {@code failure}
         */
        Optional<Duration> next(LlmException failure) {
            LlmErrorKind kind = failure.kind();
            if (kind == LlmErrorKind.RATE_LIMITED) {
                if (++rateLimited >= rateLimitAttempts) {
                    return Optional.empty();
                }
                Duration jitter = rateLimitBackoff.delay(rateLimited, previousRateDelay);
                previousRateDelay = jitter;
                Duration asked = failure.retryAfter().orElse(Duration.ZERO);
                if (asked.compareTo(rateLimitBackoff.cap()) > 0) {
                    return Optional.empty(); // the provider wants longer than we may wait: let the caller decide
                }
                return Optional.of(asked.compareTo(jitter) > 0 ? asked : jitter);
            }
            if (kind == LlmErrorKind.UNAVAILABLE || kind == LlmErrorKind.CONNECTION_FAILED
                    || kind == LlmErrorKind.TIMEOUT) {
                if (++serverFailures >= serverAttempts) {
                    return Optional.empty();
                }
                previousServerDelay = serverBackoff.delay(serverFailures, previousServerDelay);
                return Optional.of(previousServerDelay);
            }
            return Optional.empty();
        }
    }
}

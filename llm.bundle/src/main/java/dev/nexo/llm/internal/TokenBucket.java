package dev.nexo.llm.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-provider token bucket: {@code requestsPerSecond} tokens a second, holding at most
 * {@code max(1, requestsPerSecond)} so a short burst passes. {@link #reserve()} always takes a
 * token, going into debt when empty, and says how long the caller must wait before sending; so
 * waiting callers queue fairly without a thread blocking. A rate of 0 or less disables the limit.
 */
final class TokenBucket {
    private final double rate;
    private final double capacity;
    private final Clock clock;
    private double tokens;
    private Instant last;

    TokenBucket(double requestsPerSecond, Clock clock) {
        this.rate = requestsPerSecond;
        this.capacity = Math.max(1.0, requestsPerSecond);
        this.clock = clock;
        this.tokens = capacity;
        this.last = clock.instant();
    }

    /** @return how long to wait before the reserved request may go out; zero when a token was free */
    synchronized Duration reserve() {
        if (rate <= 0) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(capacity, tokens + elapsed * rate);
            last = now;
        }
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / rate * 1e9));
    }
}

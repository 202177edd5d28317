package dev.nexo.mcp.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per (agent, tool): {@code rps} tokens a second up to {@code burst}. A refused call
 * learns how long until one token is back ({@code retry_after_ms}). Idle buckets are dropped by
 * {@link #sweep} so the map stays bounded by active callers. rps 0 turns limiting off.
 */
final class RateLimiter {
    private final double rps;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    RateLimiter(double rps, int burst, LongSupplier nanos) {
        this.rps = rps;
        this.burst = Math.max(1, burst);
        this.nanos = nanos;
    }

    /** @return 0 when the call may go ahead (a token was taken), else milliseconds until one token is back */
    long acquire(String key) {
        if (rps <= 0) {
            return 0;
        }
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * rps);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / rps * 1000));
        }
    }

    /** Drops buckets that have refilled completely: they hold no state worth keeping. @return how many */
    int sweep() {
        long now = nanos.getAsLong();
        int before = buckets.size();
        buckets.values().removeIf(b -> {
            synchronized (b) {
                return b.tokens + (now - b.last) / 1e9 * rps >= burst;
            }
        });
        return before - buckets.size();
    }

    int size() {
        return buckets.size();
    }
}

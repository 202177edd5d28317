package dev.nexo.api.fault;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A retry delay schedule. Instances are immutable; {@link #delay(int, Duration)} computes the delay
 * before attempt {@code n + 1} from the previous delay, so callers keep the state.
 *
 * <p>Two shapes cover Nexo's needs: {@link #exponential(Duration, Duration)} (doubling, capped: broker
 * re-subscription 250 ms → 10 s, plugin respawn up to 60 s) and
 * {@link #decorrelatedJitter(Duration, Duration, DoubleSupplier)} (LLM and channel API retries, so
 * that many clients do not retry in lock-step).
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;

    private Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
        this.random = random;
    }

    /**
     * @param base the first delay
     * @param cap the largest delay
     * @return base, 2·base, 4·base, … capped at {@code cap}
     */
    public static Backoff exponential(Duration base, Duration cap) {
        return new Backoff(base, cap, null);
    }

    /**
     * AWS-style decorrelated jitter: {@code min(cap, random(base, previous · 3))}.
     *
     * @param base the smallest delay
     * @param cap the largest delay
     * @param random uniform source in [0, 1); tests pass a fixed one
     * @return the schedule
     */
    public static Backoff decorrelatedJitter(Duration base, Duration cap, DoubleSupplier random) {
        return new Backoff(base, cap, Objects.requireNonNull(random, "random"));
    }

    /** @return the first delay */
    public Duration base() {
        return base;
    }

    /** @return the largest delay */
    public Duration cap() {
        return cap;
    }

    /**
     * @param attempt the number of the attempt that just failed, from 1
     * @param previous the delay used before that attempt, or {@code null}/zero for the first
     * @return the delay before the next attempt, within [base, cap]
     */
    public Duration delay(int attempt, Duration previous) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
        long baseMs = base.toMillis();
        long capMs = cap.toMillis();
        if (random == null) {
            int shift = Math.min(attempt - 1, 30);
            long ms = baseMs << shift;
            return Duration.ofMillis(ms < 0 || ms > capMs ? capMs : ms);
        }
        long prevMs = previous == null || previous.isZero() ? baseMs : previous.toMillis();
        long upper = Math.max(baseMs, Math.min(capMs, prevMs * 3));
        long ms = baseMs + (long) (random.getAsDouble() * (upper - baseMs));
        return Duration.ofMillis(Math.min(capMs, Math.max(baseMs, ms)));
    }
}

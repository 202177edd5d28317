package dev.nexo.api.fault;

import java.time.Duration;

/**
 * Thrown (or used to fail a stage) when a {@link CircuitBreaker} refuses a call because it is open.
 * Callers map it to their own typed error (e.g. {@code unavailable}) and may retry after
 * {@link #retryAfter()}.
 */
public final class CircuitOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String breaker;
    private final transient Duration retryAfter;

    /**
     * @param breaker the breaker's name
     * @param retryAfter time until the breaker lets a trial call through
     */
    public CircuitOpenException(String breaker, Duration retryAfter) {
        super("circuit '" + breaker + "' is open; retry in " + retryAfter.toMillis() + " ms", null, false, false);
        this.breaker = breaker;
        this.retryAfter = retryAfter;
    }

    /** @return the breaker's name */
    public String breaker() {
        return breaker;
    }

    /** @return how long until a trial call is allowed; never negative */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.nexo.api.fault;

/** Told about state changes of a {@link CircuitBreaker}, e.g. to update a gauge or log a warning. */
@FunctionalInterface
public interface CircuitBreakerListener {
    /**
     * Called on the thread whose call caused the transition; must be quick and must not throw.
     *
     * @param breaker the breaker's name
     * @param from the previous state
     * @param to the new state
     */
    void onStateChange(String breaker, CircuitState from, CircuitState to);
}

package dev.nexo.api.fault;

/** The three states of a {@link CircuitBreaker}. */
public enum CircuitState {
    /** Calls pass; consecutive failures are counted. */
    CLOSED,
    /** Calls are refused at once until the open period ends. */
    OPEN,
    /** Trial calls pass; enough successes close the circuit, any failure re-opens it. */
    HALF_OPEN;

    /** @return the lower-case name used in metrics and JSON, e.g. {@code half_open} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

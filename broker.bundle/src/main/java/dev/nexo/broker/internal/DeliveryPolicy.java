package dev.nexo.broker.internal;

import java.time.Duration;

import dev.nexo.api.fault.Backoff;

/**
 * How often a failing handler is tried before its event becomes a dead letter, and how long to
 * wait between tries.
 *
 * @param attempts handler calls per event, at least 1 (default 3)
 * @param backoff delay before each retry
 */
record DeliveryPolicy(int attempts, Backoff backoff) {
    static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(3,
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)));

    DeliveryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }
}

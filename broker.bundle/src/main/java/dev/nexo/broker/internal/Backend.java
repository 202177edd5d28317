package dev.nexo.broker.internal;

import java.time.Duration;

import dev.nexo.api.broker.Broker;

/** One broker implementation behind the registered {@link Broker} service. */
interface Backend extends Broker {
    /** @return {@code local} or {@code nats} */
    String kind();

    /**
     * Stops the backend: no new publishes, subscriptions closed after their queues are handed to
     * the handlers (up to {@code timeout}), unsent publishes persisted.
     */
    void close(Duration timeout);
}

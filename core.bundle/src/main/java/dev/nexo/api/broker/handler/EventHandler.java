package dev.nexo.api.broker.handler;

import dev.nexo.api.event.Event;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of one subscription. Calls for one subscription never overlap, and arrive
 * in publish order per publisher. Delivery is at-least-once: dedupe by {@link Event#id()}.
 * An exception is logged and the event counted as handled; it does not end the subscription.
 */
@ConsumerType
@FunctionalInterface
public interface EventHandler {
    /** @param event the delivered event */
    void onEvent(Event event);
}

package dev.nexo.api.broker;

import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The message bus. Implemented by Nexo's broker bundle (in-process or NATS; the
 * {@link #KIND} property says which); every other bundle uses it.
 *
 * <p>Subscription patterns follow {@link dev.nexo.api.event.TopicPattern}: {@code *} is one token,
 * a final {@code >} one or more. Access to topics is mediated: a bundle may only publish or
 * subscribe where its declared capabilities allow, otherwise calls fail with
 * {@link SecurityException}.
 */
@ProviderType
public interface Broker {
    /** Service property naming the implementation: {@code local} or {@code nats}. */
    String KIND = "nexo.broker.kind";

    /**
     * Publishes one event on {@link Event#topic()}.
     *
     * @param event the event
     * @return completes when the broker has accepted the event (delivered locally, acknowledged by
     *     NATS, or stored in the disk queue while NATS is down); fails if it could do none of these
     */
    CompletionStage<Void> publish(Event event);

    /**
     * Subscribes with {@link SubscriptionOptions#DEFAULTS}.
     *
     * @param pattern topic pattern, e.g. {@code plugin.inbound.>}
     * @param handler receives matching events
     * @return the live subscription
     * @throws IllegalArgumentException if the pattern is malformed
     */
    default Subscription subscribe(String pattern, EventHandler handler) {
        return subscribe(pattern, SubscriptionOptions.DEFAULTS, handler);
    }

    /**
     * @param pattern topic pattern
     * @param options queue group, capacity, overflow policy
     * @param handler receives matching events
     * @return the live subscription
     * @throws IllegalArgumentException if the pattern is malformed
     */
    Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler);

    /**
     * Publishes a request and waits for the first reply. The broker sets a fresh
     * {@link Event#replyTo()} topic; responders answer with {@link Event#replyTo(Event, String)}.
     *
     * @param request the request; any reply-to it carries is replaced
     * @param timeout how long to wait for a reply
     * @return the first reply, or failure with {@link java.util.concurrent.TimeoutException}
     */
    CompletionStage<Event> request(Event request, Duration timeout);
}

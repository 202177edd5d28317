package dev.nexo.core.internal.message;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.event.Event;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbound events to channels: for every registered {@link Channel} it subscribes to
 * {@code plugin.outbound.<kind>.<instance>} (queue group {@value #QUEUE_GROUP}, so with several
 * Nexo nodes on one NATS server each message is sent once), decodes the message, refuses what the
 * channel cannot send, calls {@link Channel#send} and publishes the receipt on
 * {@code plugin.delivery.<kind>.<instance>}. A malformed payload is rejected with an exception so
 * the broker dead-letters it.
 */
@Component(immediate = true)
public class OutboundDispatcher {
    static final String QUEUE_GROUP = "nexo_outbound";
    private static final Logger LOG = LoggerFactory.getLogger(OutboundDispatcher.class);

    private final Broker broker;
    private final MessageJson json = new MessageJson();
    private final Map<Channel, Subscription> subscriptions = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public OutboundDispatcher(@Reference Broker broker) {
        this.broker = broker;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addChannel(Channel channel) {
        if (!active) {
            return;
        }
        String topic = channel.ref().outboundTopic();
        Subscription sub = broker.subscribe(topic, SubscriptionOptions.builder().queueGroup(QUEUE_GROUP).build(),
                event -> dispatch(channel, event));
        Subscription previous = subscriptions.put(channel, sub);
        if (previous != null) {
            previous.close();
        }
        LOG.debug("outbound subscribed {}", topic);
    }

    void removeChannel(Channel channel) {
        Subscription sub = subscriptions.remove(channel);
        if (sub != null) {
            sub.close();
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        subscriptions.values().forEach(Subscription::close);
        subscriptions.clear();
    }

    void dispatch(Channel channel, Event event) {
        OutboundMessage message = json.outbound(event.payload());
        if (!message.channel().equals(channel.ref())) {
            throw new IllegalArgumentException("outbound message for " + message.channel() + " published on "
                    + event.topic());
        }
        String missing = missingFeature(channel.features(), message);
        if (missing != null) {
            receipt(DeliveryReceipt.failed(message, ChannelErrorCode.UNSUPPORTED_FEATURE.wireName() + ": "
                    + channel.ref() + " cannot send " + missing, Instant.now()));
            return;
        }
        try {
            channel.send(message).whenComplete((r, e) -> receipt(e == null ? r : failed(message, e)));
        } catch (RuntimeException e) {
            receipt(failed(message, e));
        }
    }

    /** Only media is refused outright: replies and formats degrade to plain messages (the Channel contract). */
    private static String missingFeature(Set<ChannelFeature> features, OutboundMessage m) {
        return !m.attachments().isEmpty() && !features.contains(ChannelFeature.MEDIA) ? "media" : null;
    }

    private static DeliveryReceipt failed(OutboundMessage m, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String reason = cause instanceof ChannelException
                ? cause.getMessage()
                : "send failed: " + cause.getClass().getSimpleName();
        LOG.warn("send to {} failed: {}", m.channel(), reason);
        return DeliveryReceipt.failed(m, reason, Instant.now());
    }

    private void receipt(DeliveryReceipt receipt) {
        Event.Builder b = Event.builder(receipt.channel().deliveryTopic(), ChannelGatewayImpl.source(receipt.channel()))
                .payload(json.receipt(receipt));
        receipt.correlationId().ifPresent(b::correlationId);
        broker.publish(b.build()).exceptionally(e -> {
            LOG.warn("could not publish delivery receipt for {}: {}", receipt.channel(), e.toString());
            return null;
        });
    }
}

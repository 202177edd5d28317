package dev.nexo.channel.whatsapp.internal;

import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.message.ChannelRef;

/**
 * Publishes the account's channel events on {@code plugin.inbound.whatsapp.<instance>} as the seed
 * shapes them: {@code {"kind":"connected"|"disconnected"|"credentials_expired"}} and
 * {@code {"kind":"bridge_timeout","msg_id":...,"waited_ms":...}}, with the event header
 * {@code nexo.channel_event} naming the kind so consumers can tell them from messages. Without a
 * broker they are only logged.
 */
final class Lifecycle {
    static final String HEADER = "nexo.channel_event";
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private final ChannelRef channel;
    private final AtomicReference<Broker> broker;

    Lifecycle(ChannelRef channel, AtomicReference<Broker> broker) {
        this.channel = channel;
        this.broker = broker;
    }

    void state(String kind) {
        publish(GraphApi.JSON.createObjectNode().put("kind", kind));
    }

    void bridgeTimeout(String messageId, long waitedMs) {
        publish(GraphApi.JSON.createObjectNode().put("kind", "bridge_timeout").put("msg_id", messageId)
                .put("waited_ms", waitedMs));
    }

    private void publish(ObjectNode payload) {
        String kind = payload.path("kind").asText();
        LOG.info("whatsapp {} {}", channel, kind);
        Broker b = broker.get();
        if (b == null) {
            return;
        }
        Event event = Event.builder(channel.inboundTopic(), "channel." + channel.kind())
                .header(HEADER, kind).payload(payload.toString()).build();
        b.publish(event).exceptionally(e -> {
            LOG.warn("could not publish whatsapp {} event for {}: {}", kind, channel, e.toString());
            return null;
        });
    }
}

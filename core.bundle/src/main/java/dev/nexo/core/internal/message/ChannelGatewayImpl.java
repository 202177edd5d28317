package dev.nexo.core.internal.message;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what channels receive: each inbound message becomes one event on
 * {@code plugin.inbound.<kind>.<instance>} with a fresh correlation id, the start of the message
 * path that every later hop (agent, LLM, outbound) carries in its logs.
 */
@Component(service = ChannelGateway.class)
public class ChannelGatewayImpl implements ChannelGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelGatewayImpl.class);

    private final Broker broker;
    private final MessageJson json = new MessageJson();

    @Activate
    public ChannelGatewayImpl(@Reference Broker broker) {
        this.broker = broker;
    }

    @Override
    public CompletionStage<Void> inbound(InboundMessage message) {
        ChannelRef ref = message.channel();
        Event event = Event.builder(ref.inboundTopic(), source(ref))
                .correlationId(Ids.newId())
                .payload(json.inbound(message))
                .build();
        LOG.debug("inbound {} msg_id={} correlation={}", event.topic(), message.messageId(), event.correlationId().orElse(""));
        return broker.publish(event);
    }

    @Override
    public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
        ChannelRef ref = receipt.channel();
        Event.Builder b = Event.builder(ref.deliveryTopic(), source(ref)).payload(json.receipt(receipt));
        receipt.correlationId().ifPresent(b::correlationId);
        return broker.publish(b.build());
    }

    static String source(ChannelRef ref) {
        String instance = ref.instance().orElseThrow(
                () -> new IllegalArgumentException("channel " + ref + " must name an instance"));
        return "channel." + ref.kind() + "." + instance;
    }
}

package dev.nexo.api.channel.gateway;

import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where channels deliver what they receive. The core encodes each message in the documented wire
 * form (see {@code docs/api.md}, "Message wire format") and publishes it on the broker:
 * inbound messages on {@code plugin.inbound.<kind>.<instance>}, receipts on
 * {@code plugin.delivery.<kind>.<instance>}.
 *
 * <p>The other direction needs nothing from the channel but its {@code Channel} service: the core
 * subscribes to {@code plugin.outbound.<kind>.<instance>} for every registered channel and calls
 * {@code Channel.send}. A channel therefore never touches the broker or JSON for ordinary messages.
 *
 * <p>A channel should advance its own cursor (update offset, IMAP UID, webhook acknowledgement)
 * only after the returned stage completes: completion means the broker accepted the event
 * (delivered locally, acknowledged by NATS, or spooled to disk).
 */
@ProviderType
public interface ChannelGateway {
    /**
     * Publishes one received message.
     *
     * @param message the message; its channel reference must name an instance
     * @return completes once the broker accepted the event; fails if it could not
     * @throws IllegalArgumentException if the message's channel has no instance
     */
    CompletionStage<Void> inbound(InboundMessage message);

    /**
     * Publishes a delivery status (sent, delivered, read, failed) that the channel learnt after
     * {@code send} returned, e.g. from a status webhook.
     *
     * @param receipt the receipt; its channel reference must name an instance
     * @return completes once the broker accepted the event
     */
    CompletionStage<Void> delivery(DeliveryReceipt receipt);
}

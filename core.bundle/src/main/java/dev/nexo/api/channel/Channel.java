package dev.nexo.api.channel;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A messaging channel instance (one Telegram bot, one mailbox, one WhatsApp number), registered as
 * an OSGi service by a channel bundle with the service properties {@link #KIND} and
 * {@link #INSTANCE}.
 *
 * <p>The channel publishes what it receives as {@code InboundMessage} events on
 * {@code plugin.inbound.<kind>.<instance>}, delivery updates on
 * {@code plugin.delivery.<kind>.<instance>}, and sends what the core passes to {@link #send}.
 * Implementations must be thread-safe: {@code send} and {@code health} are called concurrently.
 */
@ConsumerType
public interface Channel {
    /** Service property naming the channel kind, e.g. {@code telegram}; a topic token. */
    String KIND = "nexo.channel.kind";
    /** Service property naming the instance within its kind, e.g. {@code sales_bot}; a topic token. */
    String INSTANCE = "nexo.channel.instance";
    /** Instance name to use when a kind has only one, unnamed account. */
    String DEFAULT_INSTANCE = "default";

    /** @return the channel kind, e.g. {@code telegram}; equal to the {@link #KIND} property */
    String kind();

    /** @return the instance name, unique within the kind; equal to the {@link #INSTANCE} property */
    String instance();

    /** @return kind and instance as a reference, e.g. for building topics */
    default ChannelRef ref() {
        return ChannelRef.of(kind(), instance());
    }

    /**
     * What this channel can send beyond plain text. The core refuses outbound messages that need a
     * missing feature with {@link ChannelErrorCode#UNSUPPORTED_FEATURE} before calling {@link #send}.
     *
     * @return the supported features; text is always supported
     */
    Set<ChannelFeature> features();

    /**
     * Sends one message. Must not block the caller on network I/O.
     *
     * @param message the message; its {@link OutboundMessage#channel()} names this channel
     * @return completes with the first receipt ({@code SENT} with the channel's message id), or
     *     exceptionally with a {@link ChannelException}
     */
    CompletionStage<DeliveryReceipt> send(OutboundMessage message);

    /**
     * A cheap snapshot of the channel's state; must not do network I/O.
     *
     * @return the current health
     */
    ChannelHealth health();
}

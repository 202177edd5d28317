package dev.nexo.api.message;

import dev.nexo.api.event.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of sending one outbound message, or a later status update for it.
 *
 * <p>{@code Channel.send} completes with the first receipt (usually {@link DeliveryStatus#SENT});
 * later updates such as WhatsApp delivered/read callbacks are published as events on
 * {@link ChannelRef#deliveryTopic()} ({@code plugin.delivery.<kind>.<instance>}).
 */
public final class DeliveryReceipt {
    private final ChannelRef channel;
    private final String recipient;
    private final DeliveryStatus status;
    private final String messageId;
    private final String correlationId;
    private final Instant timestamp;
    private final String failureReason;

    private DeliveryReceipt(ChannelRef channel, String recipient, DeliveryStatus status, String messageId,
            String correlationId, Instant timestamp, String failureReason) {
        this.channel = Objects.requireNonNull(channel, "receipt channel");
        this.recipient = Ids.require(recipient, "recipient");
        this.status = Objects.requireNonNull(status, "receipt status");
        this.messageId = messageId == null ? null : Ids.require(messageId, "message id");
        this.correlationId = correlationId == null ? null : Ids.require(correlationId, "correlation id");
        this.timestamp = Objects.requireNonNull(timestamp, "receipt timestamp");
        if (status == DeliveryStatus.FAILED && (failureReason == null || failureReason.isBlank())) {
            throw new IllegalArgumentException("a failed receipt needs a reason");
        }
        if (status != DeliveryStatus.FAILED && messageId == null) {
            throw new IllegalArgumentException("a " + status.wireName() + " receipt needs the channel's message id");
        }
        this.failureReason = status == DeliveryStatus.FAILED ? failureReason : null;
    }

    /**
     * @param message the message that was sent
     * @param messageId the id the channel assigned to it
     * @param at when the service accepted it
     * @return a {@link DeliveryStatus#SENT} receipt echoing the message's correlation id
     */
    public static DeliveryReceipt sent(OutboundMessage message, String messageId, Instant at) {
        return new DeliveryReceipt(message.channel(), message.recipient(), DeliveryStatus.SENT, messageId,
                message.correlationId().orElse(null), at, null);
    }

    /**
     * @param message the message that could not be sent
     * @param reason operator-readable reason
     * @param at when it failed
     * @return a {@link DeliveryStatus#FAILED} receipt
     */
    public static DeliveryReceipt failed(OutboundMessage message, String reason, Instant at) {
        return new DeliveryReceipt(message.channel(), message.recipient(), DeliveryStatus.FAILED, null,
                message.correlationId().orElse(null), at, reason);
    }

    /**
     * Rebuilds a receipt from all of its fields, e.g. when decoding one from the wire.
     *
     * @param channel the channel
     * @param recipient the recipient
     * @param status the status
     * @param messageId the channel's message id; required unless {@code status} is FAILED
     * @param correlationId correlation id of the outbound message, or {@code null}
     * @param at when the status was reached
     * @param failureReason required when {@code status} is FAILED, ignored otherwise
     * @return the receipt
     * @since 1.1
     */
    public static DeliveryReceipt of(ChannelRef channel, String recipient, DeliveryStatus status, String messageId,
            String correlationId, Instant at, String failureReason) {
        return new DeliveryReceipt(channel, recipient, status, messageId, correlationId, at, failureReason);
    }

    /**
     * A status update that arrives later, e.g. from a WhatsApp status callback.
     *
     * @param channel the channel
     * @param recipient the recipient
     * @param messageId channel message id the update is about
     * @param status the new status; use {@link #failed} for failures
     * @param at when the status changed
     * @return the receipt, without correlation id (the core restores it from its send log)
     */
    public static DeliveryReceipt update(ChannelRef channel, String recipient, String messageId,
            DeliveryStatus status, Instant at) {
        return new DeliveryReceipt(channel, recipient, status, messageId, null, at, null);
    }

    /** @return the channel */
    public ChannelRef channel() {
        return channel;
    }

    /** @return the recipient */
    public String recipient() {
        return recipient;
    }

    /** @return the status */
    public DeliveryStatus status() {
        return status;
    }

    /** @return the channel's id for the message; absent only on failure */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** @return the correlation id of the outbound message, when known */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return when the status was reached */
    public Instant timestamp() {
        return timestamp;
    }

    /** @return why delivery failed; present exactly when the status is {@link DeliveryStatus#FAILED} */
    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeliveryReceipt)) {
            return false;
        }
        DeliveryReceipt r = (DeliveryReceipt) o;
        return channel.equals(r.channel) && recipient.equals(r.recipient) && status == r.status
                && Objects.equals(messageId, r.messageId) && Objects.equals(correlationId, r.correlationId)
                && timestamp.equals(r.timestamp) && Objects.equals(failureReason, r.failureReason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, messageId, status);
    }

    @Override
    public String toString() {
        return "DeliveryReceipt[" + channel + ", " + status.wireName()
                + (messageId == null ? "" : ", id=" + messageId)
                + (failureReason == null ? "" : ", reason=" + failureReason) + ']';
    }
}

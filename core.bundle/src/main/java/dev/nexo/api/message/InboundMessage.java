package dev.nexo.api.message;

import dev.nexo.api.event.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message a channel received from the outside world.
 *
 * <p>Channels publish it as the JSON payload of an event on {@link ChannelRef#inboundTopic()},
 * i.e. {@code plugin.inbound.<kind>.<instance>}. Required: channel, message id, sender, chat.
 * The text may be empty (a photo without caption); the runtime drops messages that have neither
 * text, attachments nor location before they reach an LLM.
 */
public final class InboundMessage {
    private final ChannelRef channel;
    private final String messageId;
    private final Sender sender;
    private final Chat chat;
    private final String text;
    private final List<Attachment> attachments;
    private final String replyToMessageId;
    private final Location location;
    private final ForwardInfo forward;
    private final Instant sentAt;
    private final Instant receivedAt;
    private final Map<String, String> extra;

    private InboundMessage(Builder b) {
        this.channel = Objects.requireNonNull(b.channel, "inbound message channel");
        this.messageId = Ids.require(b.messageId, "message id");
        this.sender = Objects.requireNonNull(b.sender, "inbound message sender");
        this.chat = Objects.requireNonNull(b.chat, "inbound message chat");
        this.text = Objects.requireNonNull(b.text, "inbound message text");
        this.attachments = List.copyOf(b.attachments);
        this.replyToMessageId = b.replyToMessageId == null ? null : Ids.require(b.replyToMessageId, "reply-to id");
        this.location = b.location;
        this.forward = b.forward;
        this.receivedAt = b.receivedAt == null ? Instant.now() : b.receivedAt;
        this.sentAt = b.sentAt == null ? receivedAt : b.sentAt;
        this.extra = Map.copyOf(b.extra);
    }

    /**
     * @param channel receiving channel
     * @param messageId channel-native message id
     * @param sender who sent it
     * @param chat the conversation
     * @return a builder with the required fields set
     */
    public static Builder builder(ChannelRef channel, String messageId, Sender sender, Chat chat) {
        Builder b = new Builder();
        b.channel = channel;
        b.messageId = messageId;
        b.sender = sender;
        b.chat = chat;
        return b;
    }

    /** @return a builder holding this message's fields */
    public Builder toBuilder() {
        Builder b = builder(channel, messageId, sender, chat).text(text).replyTo(replyToMessageId)
                .location(location).forward(forward).sentAt(sentAt).receivedAt(receivedAt);
        b.attachments.addAll(attachments);
        b.extra.putAll(extra);
        return b;
    }

    /** @return the channel that received the message */
    public ChannelRef channel() {
        return channel;
    }

    /** @return channel-native message id (wire {@code msg_id}) */
    public String messageId() {
        return messageId;
    }

    /** @return the sender (wire {@code from}, {@code username}) */
    public Sender sender() {
        return sender;
    }

    /** @return the conversation (wire {@code chat}, {@code chat_type}, {@code is_group}) */
    public Chat chat() {
        return chat;
    }

    /** @return the text or caption, empty when there is none */
    public String text() {
        return text;
    }

    /** @return media and files, unmodifiable (wire {@code media}, {@code attachments}) */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** @return the id of the message this one replies to (wire {@code reply_to}) */
    public Optional<String> replyToMessageId() {
        return Optional.ofNullable(replyToMessageId);
    }

    /** @return a shared location (wire {@code latitude}, {@code longitude}) */
    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    /** @return forward origin, when the message was forwarded */
    public Optional<ForwardInfo> forward() {
        return Optional.ofNullable(forward);
    }

    /** @return when the sender sent it, per the channel (wire {@code timestamp}) */
    public Instant sentAt() {
        return sentAt;
    }

    /** @return when the channel bundle received it */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** @return channel-specific extras keyed {@code <kind>.<name>}, unmodifiable */
    public Map<String, String> extra() {
        return extra;
    }

    /** @return whether there is anything for an agent to read: text, attachments or a location */
    public boolean hasContent() {
        return !text.isBlank() || !attachments.isEmpty() || location != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof InboundMessage)) {
            return false;
        }
        InboundMessage m = (InboundMessage) o;
        return channel.equals(m.channel) && messageId.equals(m.messageId) && sender.equals(m.sender)
                && chat.equals(m.chat) && text.equals(m.text) && attachments.equals(m.attachments)
                && Objects.equals(replyToMessageId, m.replyToMessageId) && Objects.equals(location, m.location)
                && Objects.equals(forward, m.forward) && sentAt.equals(m.sentAt)
                && receivedAt.equals(m.receivedAt) && extra.equals(m.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, messageId, chat.id());
    }

    /** @return a log-friendly summary without the text (personal data) */
    @Override
    public String toString() {
        return "InboundMessage[" + channel + ", id=" + messageId + ", chat=" + chat.id() + ']';
    }

    /** Collects the fields of an {@link InboundMessage}. */
    public static final class Builder {
        private ChannelRef channel;
        private String messageId;
        private Sender sender;
        private Chat chat;
        private String text = "";
        private final List<Attachment> attachments = new ArrayList<>();
        private String replyToMessageId;
        private Location location;
        private ForwardInfo forward;
        private Instant sentAt;
        private Instant receivedAt;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param text text or caption; null is read as empty */
        public Builder text(String text) {
            this.text = text == null ? "" : text;
            return this;
        }

        /** @param attachment a media item to add */
        public Builder attachment(Attachment attachment) {
            attachments.add(Objects.requireNonNull(attachment, "attachment"));
            return this;
        }

        /** @param messageId id of the replied-to message, or null */
        public Builder replyTo(String messageId) {
            this.replyToMessageId = messageId;
            return this;
        }

        /** @param location shared location, or null */
        public Builder location(Location location) {
            this.location = location;
            return this;
        }

        /** @param forward forward origin, or null */
        public Builder forward(ForwardInfo forward) {
            this.forward = forward;
            return this;
        }

        /** @param sentAt channel timestamp; defaults to the receive time */
        public Builder sentAt(Instant sentAt) {
            this.sentAt = sentAt;
            return this;
        }

        /** @param receivedAt receive time; defaults to now */
        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        /**
         * @param key extra key, by convention {@code <kind>.<name>}
         * @param value value, non-null
         */
        public Builder extra(String key, String value) {
            extra.put(MessageChecks.extraKey(key), Objects.requireNonNull(value, "extra value"));
            return this;
        }

        /**
         * @return the message
         * @throws IllegalArgumentException or NullPointerException if a required field is missing
         */
        public InboundMessage build() {
            return new InboundMessage(this);
        }
    }
}

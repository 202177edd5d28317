package dev.nexo.api.message;

import dev.nexo.api.event.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message an agent wants a channel to send.
 *
 * <p>Agents publish it as the payload of an event on {@link ChannelRef#outboundTopic()}
 * ({@code plugin.outbound.<kind>.<instance>}); the core checks the binding's outbound allowlist
 * first, then hands it to {@code Channel.send}. Required: channel, recipient and at least text or
 * one attachment.
 */
public final class OutboundMessage {
    private final ChannelRef channel;
    private final String recipient;
    private final String text;
    private final List<Attachment> attachments;
    private final String replyToMessageId;
    private final String threadId;
    private final TextFormat format;
    private final String correlationId;
    private final Map<String, String> extra;

    private OutboundMessage(Builder b) {
        this.channel = Objects.requireNonNull(b.channel, "outbound message channel");
        this.recipient = Ids.require(b.recipient, "recipient");
        this.text = b.text;
        this.attachments = List.copyOf(b.attachments);
        if (text.isEmpty() && attachments.isEmpty()) {
            throw new IllegalArgumentException("outbound message needs text or an attachment");
        }
        this.replyToMessageId = b.replyToMessageId == null ? null : Ids.require(b.replyToMessageId, "reply-to id");
        this.threadId = b.threadId == null ? null : Ids.require(b.threadId, "thread id");
        this.format = b.format;
        this.correlationId = b.correlationId == null ? null : Ids.require(b.correlationId, "correlation id");
        this.extra = Map.copyOf(b.extra);
    }

    /**
     * @param channel the sending channel
     * @param recipient chat id, phone number or address, as the channel expects it
     * @return a builder
     */
    public static Builder builder(ChannelRef channel, String recipient) {
        return new Builder(channel, recipient);
    }

    /** @return a plain-text message */
    public static OutboundMessage text(ChannelRef channel, String recipient, String text) {
        return builder(channel, recipient).text(text).build();
    }

    /** @return a builder holding this message's fields */
    public Builder toBuilder() {
        Builder b = builder(channel, recipient).text(text).replyTo(replyToMessageId).threadId(threadId)
                .format(format).correlationId(correlationId);
        b.attachments.addAll(attachments);
        b.extra.putAll(extra);
        return b;
    }

    /** @return the channel to send through */
    public ChannelRef channel() {
        return channel;
    }

    /** @return where to send (wire {@code to}) */
    public String recipient() {
        return recipient;
    }

    /** @return the text, possibly empty when only attachments are sent */
    public String text() {
        return text;
    }

    /** @return files to send, unmodifiable; each needs a local path, url or remote id */
    public List<Attachment> attachments() {
        return attachments;
    }

    /** @return message to quote/reply to */
    public Optional<String> replyToMessageId() {
        return Optional.ofNullable(replyToMessageId);
    }

    /** @return sub-thread to post in (Telegram topic, email thread) */
    public Optional<String> threadId() {
        return Optional.ofNullable(threadId);
    }

    /** @return how the text should be rendered */
    public TextFormat format() {
        return format;
    }

    /** @return correlation id of the turn that produced this message, echoed on the receipt */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return channel-specific extras keyed {@code <kind>.<name>} (e.g. {@code email.subject}) */
    public Map<String, String> extra() {
        return extra;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OutboundMessage)) {
            return false;
        }
        OutboundMessage m = (OutboundMessage) o;
        return channel.equals(m.channel) && recipient.equals(m.recipient) && text.equals(m.text)
                && attachments.equals(m.attachments) && Objects.equals(replyToMessageId, m.replyToMessageId)
                && Objects.equals(threadId, m.threadId) && format == m.format
                && Objects.equals(correlationId, m.correlationId) && extra.equals(m.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channel, recipient, text);
    }

    /** @return a log-friendly summary without the text */
    @Override
    public String toString() {
        return "OutboundMessage[" + channel + ", to=" + recipient + ", attachments=" + attachments.size()
                + (correlationId == null ? "" : ", correlationId=" + correlationId) + ']';
    }

    /** Collects the fields of an {@link OutboundMessage}. */
    public static final class Builder {
        private final ChannelRef channel;
        private final String recipient;
        private String text = "";
        private final List<Attachment> attachments = new ArrayList<>();
        private String replyToMessageId;
        private String threadId;
        private TextFormat format = TextFormat.PLAIN;
        private String correlationId;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(ChannelRef channel, String recipient) {
            this.channel = channel;
            this.recipient = recipient;
        }

        /** @param text the text; null is read as empty */
        public Builder text(String text) {
            this.text = text == null ? "" : text;
            return this;
        }

        /** @param attachment a file to send */
        public Builder attachment(Attachment attachment) {
            attachments.add(Objects.requireNonNull(attachment, "attachment"));
            return this;
        }

        /** @param messageId message to reply to, or null */
        public Builder replyTo(String messageId) {
            this.replyToMessageId = messageId;
            return this;
        }

        /** @param threadId thread to post in, or null */
        public Builder threadId(String threadId) {
            this.threadId = threadId;
            return this;
        }

        /** @param format text format; defaults to {@link TextFormat#PLAIN} */
        public Builder format(TextFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** @param correlationId correlation id, or null */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
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
         * @throws IllegalArgumentException if required fields are missing or malformed
         */
        public OutboundMessage build() {
            return new OutboundMessage(this);
        }
    }
}

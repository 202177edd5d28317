package dev.nexo.api.memory;

import java.util.Optional;

import dev.nexo.api.message.ChannelRef;

/**
 * Where a memory came from: the channel instance, chat, message and sender of the conversation
 * that produced it. Every part is optional (a memory written by a heartbeat has none). The sender
 * is what privacy operations ({@link MemoryStore#forgetBySender}) match on.
 *
 * @param channel the channel instance, or {@code null}
 * @param chatId the chat or thread id within the channel, or {@code null}
 * @param messageId the message id within the channel, or {@code null}
 * @param senderId the sender id within the channel, or {@code null}
 */
public record MemorySource(ChannelRef channel, String chatId, String messageId, String senderId) {
    /** A memory with no conversation behind it. */
    public static final MemorySource NONE = new MemorySource(null, null, null, null);

    /** @return the channel instance, if known */
    public Optional<ChannelRef> channelRef() {
        return Optional.ofNullable(channel);
    }

    /** @return the sender id, if known */
    public Optional<String> sender() {
        return Optional.ofNullable(senderId);
    }
}

package dev.nexo.api.tool;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The message that triggered the turn (wire {@code _meta.nexo.inbound}).
 *
 * @param kind origin of the turn
 * @param senderId channel sender id, for external users
 * @param messageId channel message id
 * @param receivedAt when the message arrived
 * @param replyToMessageId the message it replied to
 * @param hasMedia whether it carried attachments
 * @param originSessionId the calling peer's session, for inter-session turns
 */
public record InboundContext(InboundKind kind, Optional<String> senderId, Optional<String> messageId,
        Optional<Instant> receivedAt, Optional<String> replyToMessageId, boolean hasMedia,
        Optional<String> originSessionId) {
    /** Requires a kind and normalises null optionals. */
    public InboundContext {
        Objects.requireNonNull(kind, "inbound kind");
        senderId = senderId == null ? Optional.empty() : senderId;
        messageId = messageId == null ? Optional.empty() : messageId;
        receivedAt = receivedAt == null ? Optional.empty() : receivedAt;
        replyToMessageId = replyToMessageId == null ? Optional.empty() : replyToMessageId;
        originSessionId = originSessionId == null ? Optional.empty() : originSessionId;
    }

    /** @return context for a message from an external user */
    public static InboundContext externalUser(String senderId, String messageId, Instant receivedAt, boolean hasMedia) {
        return new InboundContext(InboundKind.EXTERNAL_USER, Optional.of(senderId), Optional.of(messageId),
                Optional.of(receivedAt), Optional.empty(), hasMedia, Optional.empty());
    }

    /** @return context for an internally triggered turn */
    public static InboundContext internalSystem() {
        return new InboundContext(InboundKind.INTERNAL_SYSTEM, null, null, null, null, false, null);
    }
}

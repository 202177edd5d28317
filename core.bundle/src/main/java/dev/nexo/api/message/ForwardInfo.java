package dev.nexo.api.message;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a forwarded message originally came from (Telegram {@code forward}).
 *
 * @param source origin kind as the channel names it, e.g. {@code user}, {@code channel}, {@code hidden_user}
 * @param fromUserId original author, when visible
 * @param fromChatId original chat, when forwarded from a chat or channel
 * @param originalDate when the original was sent, when known
 */
public record ForwardInfo(String source, Optional<String> fromUserId, Optional<String> fromChatId,
        Optional<Instant> originalDate) {
    /** Requires a source and normalises null optionals to empty. */
    public ForwardInfo {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("forward source is required");
        }
        fromUserId = fromUserId == null ? Optional.empty() : fromUserId;
        fromChatId = fromChatId == null ? Optional.empty() : fromChatId;
        originalDate = originalDate == null ? Optional.empty() : originalDate;
    }
}

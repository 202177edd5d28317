package dev.nexo.api.message;

import dev.nexo.api.event.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * The conversation a message belongs to.
 *
 * @param id channel-native chat id (Telegram chat id, WhatsApp JID, email thread root id)
 * @param type private, group or channel
 * @param threadId sub-thread within the chat (Telegram topic, email thread), when any
 * @param title chat title for groups and channels, when known
 */
public record Chat(String id, ChatType type, Optional<String> threadId, Optional<String> title) {
    /** Validates and normalises null optionals to empty. */
    public Chat {
        Ids.require(id, "chat id");
        Objects.requireNonNull(type, "chat type");
        threadId = threadId == null ? Optional.empty() : threadId;
        title = title == null ? Optional.empty() : title;
    }

    /** @return a private chat with this id */
    public static Chat direct(String id) {
        return new Chat(id, ChatType.PRIVATE, Optional.empty(), Optional.empty());
    }

    /** @return a chat of the given type, with no thread and no title */
    public static Chat of(String id, ChatType type) {
        return new Chat(id, type, Optional.empty(), Optional.empty());
    }

    /** @return whether more than two parties can read the chat (group or channel) */
    public boolean isGroup() {
        return type != ChatType.PRIVATE;
    }
}

package dev.nexo.api.message;

import dev.nexo.api.event.Ids;
import java.util.Optional;

/**
 * Who sent an inbound message.
 *
 * @param id channel-native sender id: Telegram user id, E.164 phone, email address
 * @param displayName human-readable name, when the channel provides one
 * @param username handle without {@code @}, when the channel has handles (Telegram)
 */
public record Sender(String id, Optional<String> displayName, Optional<String> username) {
    /** Validates the id and normalises null optionals to empty. */
    public Sender {
        Ids.require(id, "sender id");
        displayName = displayName == null ? Optional.empty() : displayName;
        username = username == null ? Optional.empty() : username;
    }

    /** @return a sender known only by id */
    public static Sender of(String id) {
        return new Sender(id, Optional.empty(), Optional.empty());
    }

    /**
     * @param id sender id
     * @param displayName display name or null
     * @param username handle or null
     * @return the sender
     */
    public static Sender of(String id, String displayName, String username) {
        return new Sender(id, Optional.ofNullable(displayName), Optional.ofNullable(username));
    }
}

package dev.nexo.api.message;

import java.util.Locale;

/** The kind of conversation a message belongs to. */
public enum ChatType {
    /** One-to-one conversation (Telegram private chat, WhatsApp direct, an email thread). */
    PRIVATE,
    /** Many participants who may all write (groups and Telegram supergroups). */
    GROUP,
    /** Broadcast channel where only admins post. */
    CHANNEL;

    /** @return the lower-case wire name, e.g. {@code private} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a wire name; {@code supergroup} is read as {@link #GROUP}
     * @return the chat type
     * @throws IllegalArgumentException for an unknown name
     */
    public static ChatType fromWire(String wire) {
        if ("supergroup".equals(wire)) {
            return GROUP;
        }
        for (ChatType t : values()) {
            if (t.wireName().equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown chat type: " + wire);
    }
}

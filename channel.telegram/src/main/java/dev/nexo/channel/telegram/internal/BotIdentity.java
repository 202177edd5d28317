package dev.nexo.channel.telegram.internal;

import java.util.Locale;

/**
 * Who the bot is (from {@code getMe}), for mention gating in groups.
 *
 * @param id the bot's user id
 * @param username the bot's username without {@code @}
 */
record BotIdentity(long id, String username) {
    boolean isMe(String handle) {
        String h = handle.startsWith("@") ? handle.substring(1) : handle;
        return h.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT));
    }
}

package dev.nexo.core.internal.agent.session;

import java.util.Objects;

/**
 * The seed's session key: (agent, channel, conversation). A group chat is one session; in a
 * private chat the conversation is the sender. Delegated turns use {@code agent:<caller>} as the
 * channel.
 *
 * @param agentId the agent
 * @param channel {@code <kind>:<instance>}, or {@code agent:<caller>} for delegation
 * @param chatId the chat id
 */
public record SessionKey(String agentId, String channel, String chatId) {
    /** Requires every part. */
    public SessionKey {
        Objects.requireNonNull(agentId, "agent id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatId, "chat id");
    }

    @Override
    public String toString() {
        return agentId + '/' + channel + '/' + chatId;
    }
}

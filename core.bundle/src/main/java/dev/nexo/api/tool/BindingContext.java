package dev.nexo.api.tool;

import dev.nexo.api.event.Ids;
import java.util.Optional;

/**
 * The binding a turn runs under (wire {@code _meta.nexo.binding}); stable across turns.
 *
 * @param agentId the agent
 * @param channel channel kind, e.g. {@code whatsapp}
 * @param accountId channel instance, e.g. {@code personal}
 * @param bindingId {@code <channel>:<account>}
 * @param mcpChannelSource MCP channel source, when the turn came through MCP
 */
public record BindingContext(String agentId, String channel, String accountId, String bindingId,
        Optional<String> mcpChannelSource) {
    /** Validates ids and normalises a null optional. */
    public BindingContext {
        Ids.require(agentId, "agent id");
        Ids.require(channel, "binding channel");
        Ids.require(accountId, "binding account");
        Ids.require(bindingId, "binding id");
        mcpChannelSource = mcpChannelSource == null ? Optional.empty() : mcpChannelSource;
    }

    /** @return a binding with {@code bindingId = channel + ":" + accountId} */
    public static BindingContext of(String agentId, String channel, String accountId) {
        return new BindingContext(agentId, channel, accountId, channel + ':' + accountId, Optional.empty());
    }
}

package dev.nexo.api.channel.gateway;

import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.ToolContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends a message that an agent asked for through a tool (e.g. {@code telegram_send_message}).
 * Implemented by the core, which knows the agent's bindings; channel bundles' send tools call it
 * instead of publishing themselves, so every agent-initiated send passes the same checks:
 * <ul>
 * <li>the message's channel must be one the turn's agent is bound to, with the binding's pinned
 *     account (an LLM can never pick another bot, mailbox or number);</li>
 * <li>the recipient must be in the binding's (or agent's) outbound allowlist for that channel;</li>
 * <li>the trust policy is consulted for the tool's capability before this is called.</li>
 * </ul>
 * Refusals fail the stage with a {@link dev.nexo.api.tool.ToolException} of code
 * {@code NOT_ALLOWED}; accepted messages are published on {@code plugin.outbound.<kind>.<instance>}
 * and the stage completes with the channel's delivery receipt.
 */
@ProviderType
public interface AgentOutbound {
    /**
     * @param context the calling tool's context (agent, binding, correlation id)
     * @param message what to send; its channel and recipient are checked, never trusted
     * @return the delivery receipt, or failure with a {@code ToolException}
     */
    CompletionStage<DeliveryReceipt> send(ToolContext context, OutboundMessage message);
}

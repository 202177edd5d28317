package dev.nexo.core.internal.agent;

import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/**
 * The {@link AgentOutbound} service channel send tools bind to. It is its own component, with no
 * references, so that the agent runtime can bind the tools while it activates: were the runtime
 * itself the {@code AgentOutbound} service, activating a tool inside the runtime's activation
 * would ask SCR for the runtime again (a circular reference SCR logs as an error). The runtime
 * {@linkplain #attach attaches} its engine's checked outbound path once it runs.
 */
@Component(service = {AgentOutbound.class, OutboundPort.class})
public final class OutboundPort implements AgentOutbound {
    private volatile AgentOutbound target;

    /** @param outbound the running engine's outbound path */
    void attach(AgentOutbound outbound) {
        target = outbound;
    }

    /** @param outbound the path to detach, if it is still the attached one */
    void detach(AgentOutbound outbound) {
        if (target == outbound) {
            target = null;
        }
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(ToolContext context, OutboundMessage message) {
        AgentOutbound t = target;
        if (t == null) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE,
                    "the agent runtime is not running"));
        }
        return t.send(context, message);
    }
}

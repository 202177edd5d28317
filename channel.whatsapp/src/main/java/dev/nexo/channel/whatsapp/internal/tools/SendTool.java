package dev.nexo.channel.whatsapp.internal.tools;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

/**
 * Shared logic of the {@code whatsapp_send_*} tools: read the arguments, build an
 * {@link OutboundMessage} for the turn's pinned WhatsApp account, and hand it to the core's
 * {@link AgentOutbound}, which checks the binding and its outbound allowlist. The model never
 * picks the account: it is the binding's.
 */
abstract class SendTool implements Tool {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ToolDescriptor descriptor;

    SendTool(ToolDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    /** The core's outbound path, or null while the agent runtime is absent (inherited by each tool's component). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentOutbound outbound;

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        AgentOutbound out = outbound;
        if (out == null) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE,
                    "the agent runtime's outbound path is not available"));
        }
        OutboundMessage message;
        try {
            message = build(JSON.readTree(arguments), channel(context), context);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.INVALID_ARGUMENTS,
                    descriptor.name() + ": " + e.getMessage()));
        }
        return out.send(context, message).thenApply(SendTool::result);
    }

    /** Builds the message from the (schema-checked) arguments. */
    abstract OutboundMessage build(JsonNode args, ChannelRef channel, ToolContext context);

    static String required(JsonNode args, String name) {
        String v = args.path(name).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required");
        }
        return v;
    }

    private static ChannelRef channel(ToolContext context) {
        String account = context.binding().filter(b -> "whatsapp".equals(b.channel())).map(b -> b.accountId())
                .orElse(Channel.DEFAULT_INSTANCE);
        return ChannelRef.of("whatsapp", account);
    }

    private static ToolResult result(DeliveryReceipt receipt) {
        return ToolResult.json(JSON.createObjectNode().put("status", receipt.status().wireName())
                .put("msg_id", receipt.messageId().orElse("")).toString());
    }
}

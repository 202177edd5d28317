package dev.nexo.channel.telegram.internal.tools;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

/**
 * Base of the six {@code telegram_*} agent tools. A tool only builds an {@link OutboundMessage} for
 * the bot of the calling binding and hands it to {@link AgentOutbound}, which checks the binding's
 * pinned account and outbound allowlist; the tool never picks a bot or skips a check. Without the
 * agent runtime ({@code AgentOutbound} absent) every call fails with {@code unavailable}.
 */
public abstract class TelegramTool implements Tool {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT_ID = "{\"type\":[\"string\",\"integer\"],\"description\":"
            + "\"Telegram chat id (negative for groups) or @channelname\"}";

    private volatile AgentOutbound outbound;

    /** For tests: a tool already wired to an {@code AgentOutbound}. */
    void bind(AgentOutbound o) {
        outbound = o;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setOutbound(AgentOutbound o) {
        outbound = o;
    }

    void unsetOutbound(AgentOutbound o) {
        if (outbound == o) {
            outbound = null;
        }
    }

    /** Builds the message from validated arguments; throws {@link ToolException} on bad ones. */
    abstract OutboundMessage.Builder message(ChannelRef bot, JsonNode args);

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        AgentOutbound out = outbound;
        if (out == null) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE,
                    "the agent runtime's outbound path is not available", null, null, null));
        }
        OutboundMessage message;
        try {
            BindingContext binding = context.binding().filter(b -> "telegram".equals(b.channel()))
                    .orElseThrow(() -> new ToolException(ToolErrorCode.NOT_ALLOWED,
                            descriptor().name() + " needs a turn bound to a telegram bot"));
            JsonNode args = JSON.readTree(arguments);
            if (args == null || !args.isObject()) {
                throw invalid("arguments must be an object");
            }
            message = message(ChannelRef.of("telegram", binding.accountId()), args)
                    .correlationId(context.correlationId()).build();
        } catch (ToolException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(invalid(e.getMessage()));
        }
        return out.send(context, message).handle((receipt, err) -> result(receipt, err));
    }

    private static ToolResult result(DeliveryReceipt receipt, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof ToolException) {
            throw (ToolException) cause;
        }
        if (cause instanceof ChannelException) {
            return ToolResult.error(cause.getMessage()); // e.g. recipient_invalid: chat not found
        }
        if (cause != null) {
            throw new ToolException(ToolErrorCode.FAILED, "send failed: " + cause.getClass().getSimpleName(),
                    null, null, cause);
        }
        if (receipt.status() == DeliveryStatus.FAILED) {
            return ToolResult.error(receipt.failureReason().orElse("send failed"));
        }
        ObjectNode r = JSON.createObjectNode().put("ok", true).put("status", receipt.status().wireName());
        receipt.messageId().ifPresent(id -> r.put("message_id", id));
        return ToolResult.json(r.toString());
    }

    static ToolException invalid(String why) {
        return new ToolException(ToolErrorCode.INVALID_ARGUMENTS, why);
    }

    static String required(JsonNode args, String field) {
        JsonNode v = args.path(field);
        if (!(v.isTextual() || v.isIntegralNumber()) || v.asText().isBlank()) {
            throw invalid("'" + field + "' is required");
        }
        return v.asText();
    }

    static String messageId(JsonNode args, String field) {
        String id = required(args, field);
        if (!id.matches("^[0-9]{1,12}$")) {
            throw invalid("'" + field + "' must be a Telegram message id");
        }
        return id;
    }

    static TextFormat format(JsonNode args) {
        String f = args.path("format").asText("plain").toUpperCase(Locale.ROOT);
        try {
            return TextFormat.valueOf(f);
        } catch (IllegalArgumentException e) {
            throw invalid("'format' must be plain, markdown or html");
        }
    }

    static String schema(String properties, String... required) {
        return "{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[\""
                + String.join("\",\"", required) + "\"],\"additionalProperties\":false}";
    }
}

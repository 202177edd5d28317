package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.channel.email.internal.Mailbox;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * What the email tools share: argument parsing, the pinned mailbox, the {@code {ok, ...}}
 * result envelope. A turn bound to an email account may only use that account (the LLM cannot
 * pick another mailbox); elsewhere the {@code instance} argument names it.
 */
final class ToolSupport {
    static final ObjectMapper JSON = new ObjectMapper();

    private ToolSupport() {
    }

    static JsonNode args(String arguments) {
        try {
            JsonNode n = JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
            if (!n.isObject()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "arguments must be an object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "arguments are not JSON");
        }
    }

    static String text(JsonNode args, String field, boolean required) {
        JsonNode v = args.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            if (required) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, field + " is required");
            }
            return null;
        }
        return v.asText();
    }

    /** @return the mailbox instance this call may use */
    static String instance(JsonNode args, ToolContext context) {
        String requested = text(args, "instance", false);
        Optional<BindingContext> binding = context.binding().filter(b -> Mailbox.KIND.equals(b.channel()));
        if (binding.isPresent()) {
            String pinned = binding.get().accountId();
            if (requested != null && !requested.equals(pinned)) {
                throw new ToolException(ToolErrorCode.NOT_ALLOWED,
                        "this agent's email account is " + pinned + ", not " + requested);
            }
            return pinned;
        }
        if (requested == null) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "instance is required outside an email binding");
        }
        return requested;
    }

    static Optional<Mailbox> mailbox(List<Channel> channels, String instance) {
        if (channels == null) {
            return Optional.empty();
        }
        for (Channel c : channels) {
            if (c instanceof Mailbox m && m.instance().equals(instance)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    static Mailbox require(List<Channel> channels, String instance) {
        return mailbox(channels, instance).orElseThrow(() -> new ToolException(ToolErrorCode.UNAVAILABLE,
                "email account " + instance + " is not running", null, null, null));
    }

    static ChannelRef ref(String instance) {
        return ChannelRef.of(Mailbox.KIND, instance);
    }

    /** Sends through the core's checked path and wraps the outcome. */
    static CompletionStage<ToolResult> send(AgentOutbound outbound, ToolContext context, OutboundMessage message) {
        if (outbound == null) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE,
                    "agent outbound is not available", null, null, null));
        }
        return outbound.send(context, message).handle((DeliveryReceipt r, Throwable e) -> {
            if (e == null) {
                ObjectNode ok = JSON.createObjectNode().put("ok", true);
                ok.put("message_id", r.messageId().orElse(null));
                return ToolResult.json(ok.toString());
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ToolException te) {
                throw te; // refusals (not_allowed, denied) are the core's to report
            }
            return failure(cause instanceof ChannelException ? cause.getMessage() : String.valueOf(cause.getMessage()));
        });
    }

    static ToolResult failure(String error) {
        return ToolResult.json(JSON.createObjectNode().put("ok", false).put("error", error).toString());
    }

    /** A failed mailbox operation as {@code {ok:false, error}}, with the cause's message when it is wrapped. */
    static ToolResult failure(Throwable e) {
        return failure(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
    }

    static ToolResult ok(ObjectNode extra) {
        extra.put("ok", true);
        return ToolResult.json(extra.toString());
    }

    static <T> CompletionStage<T> guarded(java.util.function.Supplier<CompletionStage<T>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

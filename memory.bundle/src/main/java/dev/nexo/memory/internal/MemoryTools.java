package dev.nexo.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

/**
 * What the three memory tools share. The scope always comes from the {@link ToolContext} (the
 * turn's tenant and agent), never from arguments: a model cannot name another agent.
 */
final class MemoryTools {
    static final ObjectMapper JSON = new ObjectMapper();

    private MemoryTools() {
    }

    static MemoryScope scope(ToolContext ctx) {
        return new MemoryScope(ctx.tenantId(), ctx.agentId());
    }

    /** The conversation a stored memory came from: binding channel/account and the inbound sender/message. */
    static MemorySource source(ToolContext ctx) {
        ChannelRef channel = ctx.binding().map(b -> ChannelRef.of(b.channel(), b.accountId())).orElse(null);
        String sender = ctx.inbound().flatMap(i -> i.senderId()).orElse(null);
        String message = ctx.inbound().flatMap(i -> i.messageId()).orElse(null);
        String chat = ctx.sessionId().orElse(null);
        MemorySource s = new MemorySource(channel, chat, message, sender);
        return s.equals(new MemorySource(null, null, null, null)) ? MemorySource.NONE : s;
    }

    static JsonNode args(String arguments) {
        try {
            return JSON.readTree(arguments == null || arguments.isBlank() ? "{}" : arguments);
        } catch (java.io.IOException e) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "arguments are not a JSON object");
        }
    }

    static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a.isArray()) {
            a.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** {@code {ok, results:[{id, content, tags}]}}: never a score. */
    static ToolResult results(List<MemoryRecord> records) {
        ObjectNode o = JSON.createObjectNode().put("ok", true);
        ArrayNode arr = o.putArray("results");
        for (MemoryRecord r : records) {
            ObjectNode item = arr.addObject().put("id", r.id()).put("content", r.content());
            r.tags().forEach(item.putArray("tags")::add);
        }
        return ToolResult.json(o.toString());
    }

    /** Failures the model should see become error results; the rest fail the call. */
    static CompletionStage<ToolResult> handle(CompletionStage<ToolResult> stage) {
        return stage.handle((r, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(r);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof MemoryException me && me.code() == MemoryErrorCode.SECRET_DETECTED) {
                return CompletableFuture.completedFuture(ToolResult.error(me.getMessage()));
            }
            if (cause instanceof ToolException te) {
                return CompletableFuture.<ToolResult>failedFuture(te);
            }
            if (cause instanceof IllegalArgumentException) {
                return CompletableFuture.<ToolResult>failedFuture(
                        new ToolException(ToolErrorCode.INVALID_ARGUMENTS, cause.getMessage()));
            }
            return CompletableFuture.<ToolResult>failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE,
                    "memory is unavailable: " + cause.getMessage(), null, null, cause));
        }).thenCompose(s -> s);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

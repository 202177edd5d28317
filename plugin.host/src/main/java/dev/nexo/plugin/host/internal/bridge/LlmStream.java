package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed {@code llm.chat}: passes each {@code llm.chat.delta} chunk (contract §5.y:
 * {@code text_delta {delta}}, {@code tool_call_start {id, name}}, {@code tool_call_args_delta {id,
 * delta}}, {@code tool_call_end {id}}, {@code usage {usage}}, {@code end {finish_reason}}) to the
 * listener and assembles the answer, then merges it with the final response. What was streamed wins
 * (the seed's final response carries empty text after deltas); what the final response has and the
 * stream did not is replayed to the listener, so a plugin that answers once looks like a one-chunk
 * stream. Chunks arrive on the channel's reader thread, in order, before the final response.
 */
final class LlmStream {
    private static final Logger LOG = LoggerFactory.getLogger(LlmStream.class);

    private final PluginLlmProvider provider;
    private final LlmStreamListener listener;
    private final StringBuilder text = new StringBuilder();
    private final Map<String, String[]> calls = new LinkedHashMap<>(); // id -> {name, arguments}
    private Usage usage;
    private JsonNode finish;

    LlmStream(PluginLlmProvider provider, LlmStreamListener listener) {
        this.provider = provider;
        this.listener = listener;
    }

    void chunk(JsonNode c) {
        String id = c.path("id").asText("");
        switch (c.path("type").asText("")) {
            case "text_delta" -> {
                String d = c.path("delta").asText("");
                text.append(d);
                listener.onTextDelta(d);
            }
            case "tool_call_start" -> {
                calls.put(id, new String[] {c.path("name").asText(""), ""});
                listener.onToolCallStart(id, c.path("name").asText(""));
            }
            case "tool_call_args_delta" -> {
                String d = c.path("delta").asText("");
                calls.computeIfAbsent(id, k -> new String[] {"", ""})[1] += d;
                listener.onToolCallArgumentsDelta(id, d);
            }
            case "tool_call_end" -> listener.onToolCallEnd(id);
            case "usage" -> {
                usage = PluginLlmProvider.usage(c.path("usage"));
                listener.onUsage(usage);
            }
            case "end" -> finish = c.path("finish_reason");
            default -> LOG.debug("llm.chat.delta chunk of unknown type ignored: {}", c.path("type"));
        }
    }

    ChatResponse finish(JsonNode result) {
        JsonNode content = result.path("content");
        boolean streamed = text.length() > 0 || !calls.isEmpty();
        if (!streamed && !content.path("text").isTextual() && !"tool_calls".equals(content.path("type").asText())) {
            throw provider.malformed("nothing streamed, and content is not {type:\"text\", text} or {type:\"tool_calls\"}");
        }
        Usage total = result.has("usage") ? PluginLlmProvider.usage(result.path("usage")) : usage == null ? Usage.ZERO : usage;
        if (usage == null) {
            listener.onUsage(total);
        }
        String answer = text.toString();
        if (answer.isEmpty() && content.path("text").isTextual() && !content.path("text").asText().isEmpty()) {
            answer = content.path("text").asText();
            listener.onTextDelta(answer);
        }
        List<ToolCall> toolCalls = streamedCalls();
        if (toolCalls.isEmpty()) {
            toolCalls = PluginLlmProvider.toolCalls(content);
            for (ToolCall call : toolCalls) {
                listener.onToolCallStart(call.id(), call.name());
                listener.onToolCallArgumentsDelta(call.id(), call.arguments());
                listener.onToolCallEnd(call.id());
            }
        }
        if (!toolCalls.isEmpty()) {
            return provider.toolCallResponse(answer, toolCalls, total);
        }
        JsonNode reason = result.has("finish_reason") || finish == null ? result.path("finish_reason") : finish;
        return PluginLlmProvider.textResponse(answer, reason, total);
    }

    private List<ToolCall> streamedCalls() {
        List<ToolCall> out = new ArrayList<>();
        calls.forEach((id, c) -> out.add(new ToolCall(id, c[0], c[1].isBlank() ? "{}" : c[1])));
        return out;
    }
}

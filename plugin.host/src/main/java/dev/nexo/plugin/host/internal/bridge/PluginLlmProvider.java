package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * An LLM provider a plugin contributes ({@code [plugin.extends] llm_providers}), as an ordinary
 * {@link LlmProvider} service: an agent whose {@code model.provider} names it cannot tell it from a
 * bundle's provider. {@link #chat} is a synchronous {@code llm.chat} request, {@link #stream} one with
 * {@code stream:true} whose {@code llm.chat.delta} notifications are passed on live (plugin contract §5.y);
 * errors −33101…−33105 map to {@link LlmErrorKind}s, a dead or silent plugin to
 * {@link LlmErrorKind#UNAVAILABLE} / {@link LlmErrorKind#TIMEOUT}.
 */
final class PluginLlmProvider implements LlmProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pluginId;
    private final String providerId;
    private final RpcChannel rpc;
    private final Duration timeout;
    private final Duration streamTimeout;

    /**
     * @param timeout limit of a synchronous {@code llm.chat} (the seed's default is 60 s)
     * @param streamTimeout limit of a streamed one, deltas included (the seed's default is 300 s)
     */
    PluginLlmProvider(String pluginId, String providerId, RpcChannel rpc, Duration timeout, Duration streamTimeout) {
        this.pluginId = pluginId;
        this.providerId = providerId;
        this.rpc = rpc;
        this.timeout = timeout;
        this.streamTimeout = streamTimeout;
    }

    @Override
    public String id() {
        return providerId;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        Duration limit = request.timeout().filter(t -> t.compareTo(timeout) < 0).orElse(timeout);
        return rpc.request("llm.chat", params(request, false), limit).handle((result, e) -> {
            if (e != null) {
                throw error(e);
            }
            return fromWire(result);
        });
    }

    /**
     * {@code llm.chat} with {@code stream:true}: the plugin's {@code llm.chat.delta} notifications reach
     * {@code listener} as they arrive, then the final response completes the stage. A plugin that
     * ignores the flag and answers once still works: its answer is replayed to the listener.
     */
    @Override
    public CompletionStage<ChatResponse> stream(ChatRequest request, LlmStreamListener listener) {
        Duration limit = request.timeout().filter(t -> t.compareTo(streamTimeout) < 0).orElse(streamTimeout);
        LlmStream stream = new LlmStream(this, listener);
        return rpc.streamingRequest("llm.chat", params(request, true), limit, "llm.chat.delta",
                delta -> stream.chunk(delta.path("chunk"))).handle((result, e) -> {
                    if (e != null) {
                        throw error(e);
                    }
                    return stream.finish(result);
                });
    }

    private ObjectNode params(ChatRequest request, boolean stream) {
        ObjectNode params = JSON.createObjectNode().put("provider", providerId).put("model", request.model())
                .put("stream", stream);
        params.set("request", toWire(request));
        return params;
    }

    static ObjectNode toWire(ChatRequest request) {
        ObjectNode r = JSON.createObjectNode().put("model", request.model());
        ArrayNode messages = r.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode w = messages.addObject().put("role", m.role().wireName()).put("content", m.content());
            m.toolCallId().ifPresent(id -> w.put("tool_call_id", id));
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = w.putArray("tool_calls");
                m.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name())
                        .put("arguments", c.arguments()));
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = r.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode w = tools.addObject().put("name", t.name()).put("description", t.description());
                w.set("input_schema", parse(t.inputSchema()));
            }
            ObjectNode choice = r.putObject("tool_choice").put("kind", request.toolChoice().mode().name().toLowerCase(Locale.ROOT));
            request.toolChoice().toolName().ifPresent(n -> choice.put("name", n));
        }
        request.maxTokens().ifPresent(n -> r.put("max_tokens", n));
        request.temperature().ifPresent(t -> r.put("temperature", t));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stops = r.putArray("stop_sequences");
            request.stopSequences().forEach(stops::add);
        }
        return r;
    }

    ChatResponse fromWire(JsonNode result) {
        JsonNode content = result.path("content");
        Usage usage = usage(result.path("usage"));
        if ("tool_calls".equals(content.path("type").asText())) {
            List<ToolCall> calls = toolCalls(content);
            if (calls.isEmpty()) {
                throw malformed("tool_calls content without calls");
            }
            return toolCallResponse("", calls, usage);
        }
        if (!"text".equals(content.path("type").asText()) || !content.path("text").isTextual()) {
            throw malformed("content must be {type:\"text\", text} or {type:\"tool_calls\", tool_calls}");
        }
        return textResponse(content.path("text").asText(), result.path("finish_reason"), usage);
    }

    static Usage usage(JsonNode u) {
        return Usage.of(u.path("prompt_tokens").asLong(0), u.path("completion_tokens").asLong(0));
    }

    static List<ToolCall> toolCalls(JsonNode content) {
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode c : content.path("tool_calls")) {
            JsonNode args = c.path("arguments");
            calls.add(new ToolCall(c.path("id").asText(), c.path("name").asText(),
                    args.isTextual() ? args.asText() : args.isMissingNode() ? "{}" : args.toString()));
        }
        return calls;
    }

    ChatResponse toolCallResponse(String text, List<ToolCall> calls, Usage usage) {
        return ChatResponse.toolCalls(text, calls, usage).withModel(providerId);
    }

    /** @param finish the wire {@code finish_reason}: {@code {kind, reason?}} (or a bare kind) */
    static ChatResponse textResponse(String text, JsonNode finish, Usage usage) {
        String kind = finish.isTextual() ? finish.asText() : finish.path("kind").asText("stop");
        FinishReason reason = switch (kind) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
        ChatResponse response = ChatResponse.text(text, reason, usage);
        return reason == FinishReason.OTHER ? response.withFinishDetail(finish.path("reason").asText(kind)) : response;
    }

    LlmException malformed(String why) {
        return new LlmException(LlmErrorKind.UNKNOWN, providerId, "plugin " + pluginId + " answered llm.chat badly: "
                + why, null, null);
    }

    private LlmException error(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof LlmException l) {
            return l;
        }
        if (!(c instanceof RpcException r)) {
            return new LlmException(LlmErrorKind.UNKNOWN, providerId, "plugin " + pluginId + ": " + c.getMessage(),
                    null, c);
        }
        LlmErrorKind kind = switch (r.code()) {
            case RpcException.TIMEOUT -> LlmErrorKind.TIMEOUT;
            case RpcException.PLUGIN_GONE -> LlmErrorKind.UNAVAILABLE;
            case RpcException.METHOD_NOT_FOUND -> LlmErrorKind.PROVIDER_NOT_FOUND;
            default -> LlmErrorKind.fromRpcCode(r.code());
        };
        JsonNode data = r.data();
        Duration retryAfter = data != null && data.has("retry_after_secs")
                ? Duration.ofSeconds(data.path("retry_after_secs").asLong()) : null;
        return new LlmException(kind, providerId, "plugin " + pluginId + ": " + r.getMessage(), retryAfter, null);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode().put("type", "object");
        }
    }
}

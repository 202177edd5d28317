package dev.nexo.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.Role;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolChoice;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import java.net.http.HttpRequest;
import java.util.stream.Collectors;

/**
 * Anthropic Messages API ({@code POST {base_url}/v1/messages}, {@code x-api-key} and
 * {@code anthropic-version} headers): system prompt as a top-level field, tools with
 * {@code input_schema}, {@code tool_use}/{@code tool_result} content blocks, typed SSE events.
 * Also MiniMax's {@code anthropic_messages} flavour.
 */
final class AnthropicWire implements Wire {
    static final String VERSION = "2023-06-01";

    private final Endpoint endpoint;
    private final int defaultMaxTokens;

    AnthropicWire(Endpoint endpoint, int defaultMaxTokens) {
        this.endpoint = endpoint;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public HttpRequest.Builder request(ChatRequest request, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.uri("/v1/messages"))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("anthropic-version", VERSION);
        if (endpoint.hasKey()) {
            b.header("x-api-key", endpoint.apiKey());
        }
        return b;
    }

    @Override
    public ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = JsonSupport.object().put("model", request.model())
                .put("max_tokens", request.maxTokens().orElse(defaultMaxTokens));
        String system = request.messages().stream().filter(m -> m.role() == Role.SYSTEM)
                .map(ChatMessage::content).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            body.put("system", system);
        }
        ArrayNode messages = body.putArray("messages");
        ArrayNode toolResults = null;
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                continue;
            }
            if (m.role() == Role.TOOL) {
                if (toolResults == null) { // consecutive results share one user turn
                    toolResults = messages.addObject().put("role", "user").putArray("content");
                }
                toolResults.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId().orElseThrow())
                        .put("content", m.content());
                continue;
            }
            toolResults = null;
            ObjectNode out = messages.addObject().put("role", m.role() == Role.ASSISTANT ? "assistant" : "user");
            if (m.toolCalls().isEmpty()) {
                out.put("content", m.content());
            } else {
                ArrayNode blocks = out.putArray("content");
                if (!m.content().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", m.content());
                }
                for (ToolCall c : m.toolCalls()) {
                    blocks.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                            .set("input", JsonSupport.tree(c.arguments()));
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                tools.addObject().put("name", t.name()).put("description", t.description())
                        .set("input_schema", JsonSupport.tree(t.inputSchema()));
            }
            body.set("tool_choice", toolChoice(request.toolChoice()));
        }
        request.temperature().ifPresent(t -> body.put("temperature", Math.min(1.0, t)));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stopSequences().forEach(stop::add);
        }
        if (stream) {
            body.put("stream", true);
        }
        return body;
    }

    private static ObjectNode toolChoice(ToolChoice choice) {
        switch (choice.mode()) {
            case ANY:
                return JsonSupport.object().put("type", "any");
            case NONE:
                return JsonSupport.object().put("type", "none");
            case SPECIFIC:
                return JsonSupport.object().put("type", "tool").put("name", choice.toolName().orElseThrow());
            default:
                return JsonSupport.object().put("type", "auto");
        }
    }

    @Override
    public ChatResponse parse(JsonNode body) {
        Answer a = new Answer();
        for (JsonNode block : body.path("content")) {
            String type = JsonSupport.text(block, "type");
            if ("text".equals(type)) {
                a.text.append(JsonSupport.text(block, "text"));
            } else if ("tool_use".equals(type)) {
                JsonNode input = block.path("input");
                a.toolCalls.add(new ToolCall(JsonSupport.text(block, "id"), JsonSupport.text(block, "name"),
                        input.isObject() ? JsonSupport.write(input) : "{}"));
            }
        }
        finishReason(a, JsonSupport.text(body, "stop_reason"));
        a.usage = usage(body.path("usage"), Usage.ZERO);
        a.model = JsonSupport.text(body, "model");
        return a.build();
    }

    static void finishReason(Answer a, String reason) {
        switch (reason) {
            case "end_turn":
            case "stop_sequence":
                a.finish = FinishReason.STOP;
                break;
            case "max_tokens":
                a.finish = FinishReason.LENGTH;
                break;
            case "tool_use":
                a.finish = FinishReason.TOOL_USE;
                break;
            case "refusal":
                a.finish = FinishReason.CONTENT_FILTER;
                break;
            case "":
                break;
            default:
                a.finish = FinishReason.OTHER;
                a.finishDetail = reason;
        }
    }

    /** Usage fields present in {@code u} replace those of {@code base} (stream events report them piecemeal). */
    static Usage usage(JsonNode u, Usage base) {
        if (u == null || !u.isObject()) {
            return base;
        }
        return new Usage(u.path("input_tokens").asLong(base.promptTokens()),
                u.path("output_tokens").asLong(base.completionTokens()),
                u.path("cache_read_input_tokens").asLong(base.cacheReadTokens()),
                u.path("cache_creation_input_tokens").asLong(base.cacheWriteTokens()));
    }

    @Override
    public VendorError error(String body) {
        try {
            JsonNode e = JsonSupport.MAPPER.readTree(body).path("error");
            if (e.isObject()) {
                return new VendorError(JsonSupport.text(e, "type"), JsonSupport.text(e, "message"));
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // plain-text body
        }
        return new VendorError("", body == null ? "" : body.strip());
    }

    @Override
    public StreamDecoder decoder(LlmStreamListener listener) {
        return new Decoder(listener);
    }

    /** message_start, content_block_start/delta/stop, message_delta, message_stop, ping, error. */
    private final class Decoder implements StreamDecoder {
        private final LlmStreamListener listener;
        private final Answer answer = new Answer();
        private final ToolCallAccumulator toolBlocks;

        Decoder(LlmStreamListener listener) {
            this.listener = listener;
            this.toolBlocks = new ToolCallAccumulator(listener, answer.toolCalls);
        }

        @Override
        public void onEvent(String event, String data) {
            JsonNode e = JsonSupport.parse(endpoint.id(), data);
            String type = JsonSupport.text(e, "type");
            int index = e.path("index").asInt(-1);
            switch (type) {
                case "message_start":
                    answer.model = JsonSupport.text(e.path("message"), "model");
                    answer.usage = usage(e.path("message").path("usage"), answer.usage);
                    break;
                case "content_block_start":
                    blockStart(index, e.path("content_block"));
                    break;
                case "content_block_delta":
                    blockDelta(index, e.path("delta"));
                    break;
                case "content_block_stop":
                    blockStop(index);
                    break;
                case "message_delta":
                    finishReason(answer, JsonSupport.text(e.path("delta"), "stop_reason"));
                    answer.usage = usage(e.path("usage"), answer.usage);
                    break;
                case "error":
                    VendorError err = new VendorError(JsonSupport.text(e.path("error"), "type"),
                            endpoint.secrets().scrub(JsonSupport.text(e.path("error"), "message")));
                    LlmErrorKind kind = "overloaded_error".equals(err.code()) || "api_error".equals(err.code())
                            ? LlmErrorKind.UNAVAILABLE
                            : "rate_limit_error".equals(err.code()) ? LlmErrorKind.RATE_LIMITED : LlmErrorKind.UNKNOWN;
                    throw new LlmException(kind, endpoint.id(), "stream error " + err.code() + ": " + err.message(),
                            null, null);
                default:
                    break; // ping, message_stop, future event types
            }
        }

        private void blockStart(int index, JsonNode block) {
            String type = JsonSupport.text(block, "type");
            if ("tool_use".equals(type)) {
                toolBlocks.start(index, JsonSupport.text(block, "id"), JsonSupport.text(block, "name"));
            } else if ("text".equals(type)) {
                String text = JsonSupport.text(block, "text");
                if (!text.isEmpty()) {
                    answer.text.append(text);
                    listener.onTextDelta(text);
                }
            }
        }

        private void blockDelta(int index, JsonNode delta) {
            String type = JsonSupport.text(delta, "type");
            if ("text_delta".equals(type)) {
                String text = JsonSupport.text(delta, "text");
                answer.text.append(text);
                listener.onTextDelta(text);
            } else if ("input_json_delta".equals(type) && toolBlocks.isOpen(index)) {
                toolBlocks.append(index, JsonSupport.text(delta, "partial_json"));
            }
        }

        private void blockStop(int index) {
            toolBlocks.end(index);
        }

        @Override
        public ChatResponse finish() {
            if (toolBlocks.anyOpen()) {
                throw new LlmException(LlmErrorKind.CONNECTION_FAILED, endpoint.id(),
                        "the stream ended inside a tool_use block", null, null);
            }
            listener.onUsage(answer.usage);
            return answer.build();
        }
    }
}

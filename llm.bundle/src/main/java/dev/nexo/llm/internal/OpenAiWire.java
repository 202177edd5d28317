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
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolChoice;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import java.net.http.HttpRequest;

/**
 * OpenAI chat completions ({@code POST {base_url}/chat/completions}), which OpenAI, DeepSeek,
 * MiniMax's compatible endpoint, Ollama, vLLM and llama.cpp servers all speak. Bearer key, function
 * tools, SSE with {@code [DONE]} and {@code stream_options.include_usage}.
 */
final class OpenAiWire implements Wire {
    private final Endpoint endpoint;
    private final String path;

    OpenAiWire(Endpoint endpoint, String path) {
        this.endpoint = endpoint;
        this.path = path.startsWith("/") ? path : "/" + path;
    }

    @Override
    public HttpRequest.Builder request(ChatRequest request, boolean stream) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        if (endpoint.hasKey()) {
            b.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        return b;
    }

    @Override
    public ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = JsonSupport.object().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description());
                fn.set("parameters", JsonSupport.tree(t.inputSchema()));
            }
            body.set("tool_choice", toolChoice(request.toolChoice()));
        }
        request.maxTokens().ifPresent(n -> body.put("max_tokens", n));
        request.temperature().ifPresent(t -> body.put("temperature", t));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        if (request.jsonOutput()) {
            body.putObject("response_format").put("type", "json_object");
        }
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode out = JsonSupport.object().put("role", m.role().wireName());
        switch (m.role()) {
            case TOOL:
                out.put("tool_call_id", m.toolCallId().orElseThrow()).put("content", m.content());
                break;
            case ASSISTANT:
                if (m.toolCalls().isEmpty()) {
                    out.put("content", m.content());
                } else {
                    if (m.content().isEmpty()) {
                        out.putNull("content");
                    } else {
                        out.put("content", m.content());
                    }
                    ArrayNode calls = out.putArray("tool_calls");
                    for (ToolCall c : m.toolCalls()) {
                        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                        call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
                    }
                }
                break;
            default:
                out.put("content", m.content());
        }
        return out;
    }

    private static JsonNode toolChoice(ToolChoice choice) {
        switch (choice.mode()) {
            case ANY:
                return JsonSupport.MAPPER.getNodeFactory().textNode("required");
            case NONE:
                return JsonSupport.MAPPER.getNodeFactory().textNode("none");
            case SPECIFIC:
                ObjectNode o = JsonSupport.object().put("type", "function");
                o.putObject("function").put("name", choice.toolName().orElseThrow());
                return o;
            default:
                return JsonSupport.MAPPER.getNodeFactory().textNode("auto");
        }
    }

    @Override
    public ChatResponse parse(JsonNode body) {
        Answer a = new Answer();
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        a.text.append(JsonSupport.text(message, "content"));
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode fn = call.path("function");
            a.toolCalls.add(new ToolCall(JsonSupport.text(call, "id"), JsonSupport.text(fn, "name"),
                    arguments(JsonSupport.text(fn, "arguments"))));
        }
        finishReason(a, JsonSupport.text(choice, "finish_reason"));
        a.usage = usage(body.path("usage"));
        a.model = JsonSupport.text(body, "model");
        return a.build();
    }

    static void finishReason(Answer a, String reason) {
        switch (reason) {
            case "stop":
                a.finish = FinishReason.STOP;
                break;
            case "length":
                a.finish = FinishReason.LENGTH;
                break;
            case "tool_calls":
            case "function_call":
                a.finish = FinishReason.TOOL_USE;
                break;
            case "content_filter":
                a.finish = FinishReason.CONTENT_FILTER;
                break;
            case "":
                break;
            default:
                a.finish = FinishReason.OTHER;
                a.finishDetail = reason;
        }
    }

    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return Usage.ZERO;
        }
        long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        long prompt = u.path("prompt_tokens").asLong(0);
        return new Usage(Math.max(0, prompt - cached), u.path("completion_tokens").asLong(0), cached, 0);
    }

    private static String arguments(String raw) {
        return raw == null || raw.isBlank() ? "{}" : raw;
    }

    @Override
    public VendorError error(String body) {
        try {
            JsonNode e = JsonSupport.MAPPER.readTree(body).path("error");
            if (e.isObject()) {
                String code = JsonSupport.text(e, "code");
                return new VendorError(code.isEmpty() ? JsonSupport.text(e, "type") : code, JsonSupport.text(e, "message"));
            }
            if (e.isTextual()) {
                return new VendorError("", e.asText()); // Ollama / llama.cpp style
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // fall through: plain-text error body
        }
        return new VendorError("", body == null ? "" : body.strip());
    }

    @Override
    public StreamDecoder decoder(LlmStreamListener listener) {
        return new Decoder(listener);
    }

    /** Chat-completion chunks: deltas by choice 0, tool calls by index, usage in the last chunk. */
    private final class Decoder implements StreamDecoder {
        private final LlmStreamListener listener;
        private final Answer answer = new Answer();
        private final ToolCallAccumulator calls;
        private int started;
        private boolean ended; // after the finish reason the calls are final

        Decoder(LlmStreamListener listener) {
            this.listener = listener;
            this.calls = new ToolCallAccumulator(listener, answer.toolCalls);
        }

        @Override
        public void onEvent(String event, String data) {
            if ("[DONE]".equals(data.strip())) {
                return;
            }
            JsonNode chunk = JsonSupport.parse(endpoint.id(), data);
            if (chunk.has("error")) {
                VendorError e = error(data);
                throw new LlmException(LlmErrorKind.UNAVAILABLE, endpoint.id(),
                        "stream error " + e.code() + ": " + endpoint.secrets().scrub(e.message()), null, null);
            }
            if (answer.model == null && chunk.hasNonNull("model")) {
                answer.model = chunk.get("model").asText();
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            String text = JsonSupport.text(delta, "content");
            if (!text.isEmpty()) {
                answer.text.append(text);
                listener.onTextDelta(text);
            }
            for (JsonNode call : delta.path("tool_calls")) {
                if (!ended) {
                    toolDelta(call);
                }
            }
            String reason = JsonSupport.text(choice, "finish_reason");
            if (!reason.isEmpty()) {
                finishReason(answer, reason);
                calls.endAll();
                ended = true;
            }
            if (chunk.path("usage").isObject()) {
                answer.usage = usage(chunk.get("usage"));
            }
        }

        private void toolDelta(JsonNode call) {
            int index = call.path("index").asInt(started);
            JsonNode fn = call.path("function");
            if (!calls.isOpen(index)) {
                String id = JsonSupport.text(call, "id");
                calls.start(index, id.isEmpty() ? "call_" + index : id, JsonSupport.text(fn, "name"));
                started++;
            }
            String piece = JsonSupport.text(fn, "arguments");
            if (!piece.isEmpty()) {
                calls.append(index, piece);
            }
        }

        @Override
        public ChatResponse finish() {
            calls.endAll();
            listener.onUsage(answer.usage);
            return answer.build();
        }
    }
}

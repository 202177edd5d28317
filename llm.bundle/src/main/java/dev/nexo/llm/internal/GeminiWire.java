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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Google Gemini {@code generateContent} / {@code streamGenerateContent?alt=sse}
 * ({@code {base_url}/v1beta/models/{model}:...}, {@code x-goog-api-key}): {@code contents} with
 * {@code user}/{@code model} roles, {@code systemInstruction}, {@code functionDeclarations},
 * {@code functionCall}/{@code functionResponse} parts. Gemini calls carry no ids of their own (or
 * optional ones), so the wire makes one up and maps it back to the function name for the response.
 */
final class GeminiWire implements Wire {
    /** JSON Schema keywords Gemini's OpenAPI-subset {@code parameters} rejects. */
    private static final Set<String> UNSUPPORTED_SCHEMA_KEYS = Set.of("$schema", "$id", "$comment", "additionalProperties");

    private final Endpoint endpoint;
    private final String safetySettings;

    GeminiWire(Endpoint endpoint, String safetySettings) {
        this.endpoint = endpoint;
        this.safetySettings = safetySettings == null ? "" : safetySettings.strip();
    }

    @Override
    public HttpRequest.Builder request(ChatRequest request, boolean stream) {
        String model = URLEncoder.encode(request.model(), StandardCharsets.UTF_8);
        String path = "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.uri(path))
                .header("Content-Type", "application/json");
        if (endpoint.hasKey()) {
            b.header("x-goog-api-key", endpoint.apiKey());
        }
        return b;
    }

    @Override
    public ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = JsonSupport.object();
        String system = request.messages().stream().filter(m -> m.role() == Role.SYSTEM)
                .map(ChatMessage::content).collect(Collectors.joining("\n\n"));
        if (!system.isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        ArrayNode contents = body.putArray("contents");
        Map<String, String> callNames = new HashMap<>();
        ArrayNode responses = null;
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                continue;
            }
            if (m.role() == Role.TOOL) {
                if (responses == null) { // consecutive results share one turn
                    responses = contents.addObject().put("role", "user").putArray("parts");
                }
                String id = m.toolCallId().orElseThrow();
                ObjectNode fr = responses.addObject().putObject("functionResponse");
                fr.put("name", callNames.getOrDefault(id, id));
                fr.set("response", toolResponse(m.content()));
                continue;
            }
            responses = null;
            ObjectNode turn = contents.addObject().put("role", m.role() == Role.ASSISTANT ? "model" : "user");
            ArrayNode parts = turn.putArray("parts");
            if (!m.content().isEmpty() || m.toolCalls().isEmpty()) {
                parts.addObject().put("text", m.content());
            }
            for (ToolCall c : m.toolCalls()) {
                callNames.put(c.id(), c.name());
                ObjectNode fc = parts.addObject().putObject("functionCall");
                fc.put("name", c.name()).set("args", JsonSupport.tree(c.arguments()));
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode decls = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (ToolSpec t : request.tools()) {
                decls.addObject().put("name", t.name()).put("description", t.description())
                        .set("parameters", clean(JsonSupport.tree(t.inputSchema())));
            }
            ObjectNode fcc = body.putObject("toolConfig").putObject("functionCallingConfig");
            ToolChoice choice = request.toolChoice();
            fcc.put("mode", choice.mode() == ToolChoice.Mode.NONE ? "NONE"
                    : choice.mode() == ToolChoice.Mode.AUTO ? "AUTO" : "ANY");
            choice.toolName().ifPresent(n -> fcc.putArray("allowedFunctionNames").add(n));
        }
        ObjectNode gen = JsonSupport.object();
        request.maxTokens().ifPresent(n -> gen.put("maxOutputTokens", n));
        request.temperature().ifPresent(t -> gen.put("temperature", t));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = gen.putArray("stopSequences");
            request.stopSequences().forEach(stop::add);
        }
        if (request.jsonOutput()) {
            gen.put("responseMimeType", "application/json");
        }
        if (!gen.isEmpty()) {
            body.set("generationConfig", gen);
        }
        if (!safetySettings.isEmpty()) {
            body.set("safetySettings", JsonSupport.tree(safetySettings));
        }
        return body;
    }

    /** A tool's output as the object {@code functionResponse.response} must be. */
    private static JsonNode toolResponse(String content) {
        try {
            JsonNode parsed = JsonSupport.MAPPER.readTree(content);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // wrap below
        }
        return JsonSupport.object().put("result", content);
    }

    /** Removes schema keywords Gemini rejects, at every depth. */
    static JsonNode clean(JsonNode schema) {
        if (schema.isObject()) {
            ObjectNode o = (ObjectNode) schema;
            for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
                if (UNSUPPORTED_SCHEMA_KEYS.contains(it.next())) {
                    it.remove();
                }
            }
            o.forEach(GeminiWire::clean);
        } else if (schema.isArray()) {
            schema.forEach(GeminiWire::clean);
        }
        return schema;
    }

    @Override
    public ChatResponse parse(JsonNode body) {
        Answer a = new Answer();
        read(body, a, null);
        return a.build();
    }

    /** Reads one (whole or streamed) GenerateContentResponse into {@code a}, telling {@code listener} if any. */
    private void read(JsonNode chunk, Answer a, LlmStreamListener listener) {
        JsonNode candidate = chunk.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.has("text")) {
                String text = part.get("text").asText();
                a.text.append(text);
                if (listener != null && !text.isEmpty()) {
                    listener.onTextDelta(text);
                }
            } else if (part.has("functionCall")) {
                JsonNode fc = part.get("functionCall");
                String id = JsonSupport.text(fc, "id");
                ToolCall call = new ToolCall(id.isEmpty() ? "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) : id,
                        JsonSupport.text(fc, "name"), fc.path("args").isObject() ? JsonSupport.write(fc.get("args")) : "{}");
                a.toolCalls.add(call);
                if (listener != null) {
                    listener.onToolCallStart(call.id(), call.name());
                    listener.onToolCallArgumentsDelta(call.id(), call.arguments());
                    listener.onToolCallEnd(call.id());
                }
            }
        }
        String reason = JsonSupport.text(candidate, "finishReason");
        if (!reason.isEmpty()) {
            finishReason(a, reason);
        }
        String blocked = JsonSupport.text(chunk.path("promptFeedback"), "blockReason");
        if (!blocked.isEmpty()) {
            a.finish = FinishReason.CONTENT_FILTER;
            a.finishDetail = blocked;
        }
        if (chunk.path("usageMetadata").isObject()) {
            JsonNode u = chunk.get("usageMetadata");
            long cached = u.path("cachedContentTokenCount").asLong(0);
            a.usage = new Usage(Math.max(0, u.path("promptTokenCount").asLong(0) - cached),
                    u.path("candidatesTokenCount").asLong(0) + u.path("thoughtsTokenCount").asLong(0), cached, 0);
        }
        if (chunk.hasNonNull("modelVersion")) {
            a.model = chunk.get("modelVersion").asText();
        }
    }

    static void finishReason(Answer a, String reason) {
        switch (reason) {
            case "STOP":
                a.finish = FinishReason.STOP;
                break;
            case "MAX_TOKENS":
                a.finish = FinishReason.LENGTH;
                break;
            case "SAFETY":
            case "RECITATION":
            case "BLOCKLIST":
            case "PROHIBITED_CONTENT":
            case "SPII":
                a.finish = FinishReason.CONTENT_FILTER;
                a.finishDetail = reason;
                break;
            default:
                a.finish = FinishReason.OTHER;
                a.finishDetail = reason;
        }
    }

    @Override
    public VendorError error(String body) {
        try {
            JsonNode root = JsonSupport.MAPPER.readTree(body);
            JsonNode e = root.isArray() ? root.path(0).path("error") : root.path("error");
            if (e.isObject()) {
                String reason = JsonSupport.text(e.path("details").path(0), "reason");
                String status = JsonSupport.text(e, "status");
                return new VendorError(reason.isEmpty() ? status : status + "/" + reason, JsonSupport.text(e, "message"));
            }
        } catch (java.io.IOException | RuntimeException notJson) {
            // plain-text body
        }
        return new VendorError("", body == null ? "" : body.strip());
    }

    @Override
    public StreamDecoder decoder(LlmStreamListener listener) {
        return new StreamDecoder() {
            private final Answer answer = new Answer();

            @Override
            public void onEvent(String event, String data) {
                JsonNode chunk = JsonSupport.parse(endpoint.id(), data);
                if (chunk.has("error")) {
                    VendorError e = error(data);
                    throw new LlmException(LlmErrorKind.UNAVAILABLE, endpoint.id(),
                            "stream error " + e.code() + ": " + endpoint.secrets().scrub(e.message()), null, null);
                }
                read(chunk, answer, listener);
            }

            @Override
            public ChatResponse finish() {
                listener.onUsage(answer.usage);
                return answer.build();
            }
        };
    }
}

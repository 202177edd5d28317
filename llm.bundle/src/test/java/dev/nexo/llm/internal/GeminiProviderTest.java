package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import dev.nexo.test.support.llm.RecordingStreamListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gemini generateContent wire against a stub speaking Google's documented format. */
class GeminiProviderTest extends ProviderContractTest {
    @Override
    Harness newHarness() throws Exception {
        return new Harness("", e -> new GeminiWire(e, "[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]"));
    }

    @Override
    String model() {
        return "gemini-2.0-flash";
    }

    @Override
    String okBody() {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hi\"}]},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":1,\"totalTokenCount\":6},"
                + "\"modelVersion\":\"gemini-2.0-flash\"}";
    }

    @Override
    String errorBody(int status, String message) {
        String s = status == 429 ? "RESOURCE_EXHAUSTED" : status == 401 ? "UNAUTHENTICATED"
                : status >= 500 ? "UNAVAILABLE" : "INVALID_ARGUMENT";
        return "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + s + "\"}}";
    }

    @Override
    void assertBasics(StubServer.Request r) {
        assertEquals("POST", r.method());
        assertEquals("/v1beta/models/gemini-2.0-flash:generateContent", r.uri());
        assertEquals(Harness.KEY, r.header("x-goog-api-key"));
        assertEquals("application/json", r.header("content-type"));
        assertFalse(r.uri().contains("key="), "the key never travels in the URL");
    }

    static ChatRequest conversation(String model) {
        return ChatRequest.builder(model)
                .message(ChatMessage.system("You are terse."))
                .message(ChatMessage.user("Weather in Lima?"))
                .message(ChatMessage.assistant("", List.of(new ToolCall("call_a", "get_weather", "{\"city\":\"Lima\"}"))))
                .message(ChatMessage.toolResult("call_a", "{\"temp_c\":19}"))
                .tool(new ToolSpec("get_weather", "Current weather", "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                        + "\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                        + "\"additionalProperties\":false}"))
                .maxTokens(100)
                .build();
    }

    @Test
    void sendsContentsFunctionsAndReadsFunctionCalls() throws Exception {
        h.server.then(StubServer.Response.json(200, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Quito\"}}}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":50,\"candidatesTokenCount\":8,\"cachedContentTokenCount\":10}}"));
        ChatResponse r = Harness.await(h.client.chat(conversation(model())));

        StubServer.Request req = h.server.only();
        assertBasics(req);
        JsonNode body = req.json();
        assertEquals("You are terse.", body.get("systemInstruction").get("parts").get(0).get("text").asText());
        JsonNode contents = body.get("contents");
        assertEquals(3, contents.size());
        assertEquals("user", contents.get(0).get("role").asText());
        assertEquals("Weather in Lima?", contents.get(0).get("parts").get(0).get("text").asText());
        assertEquals("model", contents.get(1).get("role").asText());
        JsonNode fc = contents.get(1).get("parts").get(0).get("functionCall");
        assertEquals("get_weather", fc.get("name").asText());
        assertEquals("Lima", fc.get("args").get("city").asText());
        JsonNode fr = contents.get(2).get("parts").get(0).get("functionResponse");
        assertEquals("get_weather", fr.get("name").asText(), "the response names the function, found by call id");
        assertEquals(19, fr.get("response").get("temp_c").asInt());
        JsonNode decl = body.get("tools").get(0).get("functionDeclarations").get(0);
        assertEquals("get_weather", decl.get("name").asText());
        assertEquals("object", decl.get("parameters").get("type").asText());
        assertFalse(decl.get("parameters").has("$schema"), "keywords Gemini rejects are removed");
        assertFalse(decl.get("parameters").has("additionalProperties"));
        assertEquals("AUTO", body.get("toolConfig").get("functionCallingConfig").get("mode").asText());
        assertEquals(100, body.get("generationConfig").get("maxOutputTokens").asInt());
        assertEquals("BLOCK_NONE", body.get("safetySettings").get(0).get("threshold").asText());

        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(1, r.toolCalls().size());
        assertEquals("get_weather", r.toolCalls().get(0).name());
        assertEquals("{\"city\":\"Quito\"}", r.toolCalls().get(0).arguments());
        assertTrue(r.toolCalls().get(0).id().startsWith("call_"));
        assertEquals(new Usage(40, 8, 10, 0), r.usage());
    }

    @Test
    void streamsOverSse() throws Exception {
        h.server.then(StubServer.Response.sse(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hace \"}]}}]}\r\n\r\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"sol.\"}]},\"finishReason\":\"STOP\"}],"
                        + "\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":3}}\r\n\r\n"));
        RecordingStreamListener listener = new RecordingStreamListener();
        ChatResponse r = Harness.await(h.client.stream(hello(model()), listener));
        StubServer.Request req = h.server.only();
        assertEquals("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", req.uri());
        assertEquals(Harness.KEY, req.header("x-goog-api-key"));
        assertEquals("user", req.json().get("contents").get(0).get("role").asText());
        assertEquals(List.of("text:Hace ", "text:sol.", "usage:7/3"), listener.events());
        assertEquals("Hace sol.", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
    }

    @Test
    void streamedFunctionCallIsOneCompleteCall() throws Exception {
        h.server.then(StubServer.Response.sse(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                        + "\"args\":{\"city\":\"Lima\"}}}]},\"finishReason\":\"STOP\"}]}\n\n"));
        RecordingStreamListener listener = new RecordingStreamListener();
        ChatResponse r = Harness.await(h.client.stream(conversation(model()), listener));
        String id = r.toolCalls().get(0).id();
        assertEquals(List.of("start:" + id + ":get_weather", "args:" + id + ":{\"city\":\"Lima\"}", "end:" + id, "usage:0/0"),
                listener.events());
    }

    @Test
    void invalidKeyAnsweredWith400IsAuthentication() throws Exception {
        h.server.then(StubServer.Response.json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a "
                + "valid API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}"));
        assertEquals(LlmErrorKind.AUTHENTICATION, Harness.failure(h.client.chat(hello(model()))).kind());
        assertEquals(1, h.server.requests().size());
    }
}

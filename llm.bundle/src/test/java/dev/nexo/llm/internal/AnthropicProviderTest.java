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
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolChoice;
import dev.nexo.api.llm.Usage;
import dev.nexo.test.support.llm.RecordingStreamListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Anthropic Messages wire against a stub speaking Anthropic's documented format. */
class AnthropicProviderTest extends ProviderContractTest {
    @Override
    Harness newHarness() throws Exception {
        return new Harness("", e -> new AnthropicWire(e, 4096));
    }

    @Override
    String model() {
        return "claude-haiku-4-5";
    }

    @Override
    String okBody() {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}";
    }

    @Override
    String errorBody(int status, String message) {
        String type = status == 429 ? "rate_limit_error" : status == 401 ? "authentication_error"
                : status >= 500 ? "api_error" : "invalid_request_error";
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
    }

    @Override
    void assertBasics(StubServer.Request r) {
        assertEquals("POST", r.method());
        assertEquals("/v1/messages", r.uri());
        assertEquals(Harness.KEY, r.header("x-api-key"));
        assertEquals("2023-06-01", r.header("anthropic-version"));
        assertEquals("application/json", r.header("content-type"));
        assertEquals(null, r.header("authorization"));
    }

    static ChatRequest conversation(String model) {
        return ChatRequest.builder(model)
                .message(ChatMessage.system("You are terse."))
                .message(ChatMessage.user("Weather in Lima and Quito?"))
                .message(ChatMessage.assistant("Checking.", List.of(
                        new ToolCall("toolu_1", "get_weather", "{\"city\":\"Lima\"}"),
                        new ToolCall("toolu_2", "get_weather", "{\"city\":\"Quito\"}"))))
                .message(ChatMessage.toolResult("toolu_1", "19 C"))
                .message(ChatMessage.toolResult("toolu_2", "14 C"))
                .tool(new dev.nexo.api.llm.ToolSpec("get_weather", "Current weather", OpenAiProviderTest.WEATHER_SCHEMA))
                .toolChoice(ToolChoice.ANY)
                .build();
    }

    @Test
    void sendsSystemMessagesToolsAndReadsToolUse() throws Exception {
        h.server.then(StubServer.Response.json(200, "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-haiku-4-5-20251001\",\"content\":[{\"type\":\"text\",\"text\":\"One more.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_3\",\"name\":\"get_weather\",\"input\":{\"city\":\"Cusco\"}}],"
                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":120,\"output_tokens\":30,"
                + "\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":7}}"));
        ChatResponse r = Harness.await(h.client.chat(conversation(model())));

        StubServer.Request req = h.server.only();
        assertBasics(req);
        JsonNode body = req.json();
        assertEquals("claude-haiku-4-5", body.get("model").asText());
        assertEquals(4096, body.get("max_tokens").asInt(), "the Messages API requires max_tokens");
        assertEquals("You are terse.", body.get("system").asText());
        JsonNode msgs = body.get("messages");
        assertEquals(3, msgs.size(), "system lifted out; both tool results share one user turn");
        assertEquals("user", msgs.get(0).get("role").asText());
        assertEquals("Weather in Lima and Quito?", msgs.get(0).get("content").asText());
        JsonNode assistant = msgs.get(1);
        assertEquals("assistant", assistant.get("role").asText());
        assertEquals("text", assistant.get("content").get(0).get("type").asText());
        JsonNode use = assistant.get("content").get(1);
        assertEquals("tool_use", use.get("type").asText());
        assertEquals("toolu_1", use.get("id").asText());
        assertEquals("Lima", use.get("input").get("city").asText(), "input is an object, not a string");
        JsonNode results = msgs.get(2);
        assertEquals("user", results.get("role").asText());
        assertEquals("tool_result", results.get("content").get(0).get("type").asText());
        assertEquals("toolu_1", results.get("content").get(0).get("tool_use_id").asText());
        assertEquals("19 C", results.get("content").get(0).get("content").asText());
        assertEquals("toolu_2", results.get("content").get(1).get("tool_use_id").asText());
        JsonNode tool = body.get("tools").get(0);
        assertEquals("get_weather", tool.get("name").asText());
        assertEquals(JsonSupport.tree(OpenAiProviderTest.WEATHER_SCHEMA), tool.get("input_schema"));
        assertEquals("any", body.get("tool_choice").get("type").asText());
        assertFalse(body.has("stream"));

        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals("One more.", r.text());
        assertEquals(List.of(new ToolCall("toolu_3", "get_weather", "{\"city\":\"Cusco\"}")), r.toolCalls());
        assertEquals(new Usage(120, 30, 100, 7), r.usage());
    }

    @Test
    void streamsTypedEvents() throws Exception {
        h.server.then(StubServer.Response.sse(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_s\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: ping\ndata: {\"type\":\"ping\"}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay,\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" checking\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_9\",\"name\":\"get_weather\",\"input\":{}}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Li\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ma\\\"}\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":40}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        RecordingStreamListener listener = new RecordingStreamListener();
        ChatResponse r = Harness.await(h.client.stream(conversation(model()), listener));

        StubServer.Request req = h.server.only();
        assertBasics(req);
        assertTrue(req.json().get("stream").asBoolean());
        assertEquals(List.of("text:Okay,", "text: checking", "start:toolu_9:get_weather", "args:toolu_9:",
                "args:toolu_9:{\"city\": \"Li", "args:toolu_9:ma\"}", "end:toolu_9", "usage:25/40"), listener.events());
        assertEquals("Okay, checking", r.text());
        assertEquals(List.of(new ToolCall("toolu_9", "get_weather", "{\"city\": \"Lima\"}")), r.toolCalls());
        assertEquals(Usage.of(25, 40), r.usage());
    }

    @Test
    void overloadedStreamErrorEventFailsTyped() throws Exception {
        h.server.then(StubServer.Response.sse(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"usage\":{\"input_tokens\":1}}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"par\"}}\n\n",
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
        LlmException e = Harness.failure(h.client.stream(hello(model()), new RecordingStreamListener()));
        assertEquals(LlmErrorKind.UNAVAILABLE, e.kind());
        assertEquals(1, h.server.requests().size(), "text was already streamed, so no silent retry");
    }

    @Test
    void overloaded529ThenSuccess() throws Exception {
        h.server.then(StubServer.Response.json(529, errorBody(529, "Overloaded")))
                .then(StubServer.Response.json(200, okBody()));
        assertEquals("hi", Harness.await(h.client.chat(hello(model()))).text());
        assertEquals(2, h.server.requests().size());
    }
}

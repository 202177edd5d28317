package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolChoice;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import dev.nexo.test.support.llm.RecordingStreamListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible wire against a stub speaking OpenAI's chat-completions format. */
class OpenAiProviderTest extends ProviderContractTest {
    static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";

    @Override
    Harness newHarness() throws Exception {
        return new Harness("/v1", e -> new OpenAiWire(e, "/chat/completions"));
    }

    @Override
    String model() {
        return "gpt-4o-mini";
    }

    @Override
    String okBody() {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
    }

    @Override
    String errorBody(int status, String message) {
        String type = status == 429 ? "rate_limit_exceeded" : status == 401 ? "invalid_api_key" : "invalid_request_error";
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}";
    }

    @Override
    void assertBasics(StubServer.Request r) {
        assertEquals("POST", r.method());
        assertEquals("/v1/chat/completions", r.uri());
        assertEquals("Bearer " + Harness.KEY, r.header("authorization"));
        assertEquals("application/json", r.header("content-type"));
    }

    static ChatRequest toolConversation(String model) {
        return ChatRequest.builder(model)
                .message(ChatMessage.system("You are terse."))
                .message(ChatMessage.user("Weather in Lima?"))
                .message(ChatMessage.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Lima\"}"))))
                .message(ChatMessage.toolResult("call_1", "{\"temp_c\":19}"))
                .message(ChatMessage.user("And in Quito?"))
                .tool(new ToolSpec("get_weather", "Current weather for a city", WEATHER_SCHEMA))
                .maxTokens(256).temperature(0.2).stopSequence("END")
                .build();
    }

    @Test
    void sendsMessagesToolsAndSchemaAndReadsToolCalls() throws Exception {
        h.server.then(StubServer.Response.json(200, "{\"id\":\"chatcmpl-2\",\"model\":\"gpt-4o-mini-2024\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Quito\\\"}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":12,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":64}}}"));
        ChatResponse r = Harness.await(h.client.chat(toolConversation(model())));

        StubServer.Request req = h.server.only();
        assertBasics(req);
        assertEquals("application/json", req.header("accept"));
        JsonNode body = req.json();
        assertEquals("gpt-4o-mini", body.get("model").asText());
        JsonNode msgs = body.get("messages");
        assertEquals(5, msgs.size());
        assertEquals("system", msgs.get(0).get("role").asText());
        assertEquals("You are terse.", msgs.get(0).get("content").asText());
        assertEquals("user", msgs.get(1).get("role").asText());
        assertEquals("assistant", msgs.get(2).get("role").asText());
        assertTrue(msgs.get(2).get("content").isNull());
        JsonNode call = msgs.get(2).get("tool_calls").get(0);
        assertEquals("call_1", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.get("function").get("name").asText());
        assertEquals("{\"city\":\"Lima\"}", call.get("function").get("arguments").asText());
        assertEquals("tool", msgs.get(3).get("role").asText());
        assertEquals("call_1", msgs.get(3).get("tool_call_id").asText());
        assertEquals("{\"temp_c\":19}", msgs.get(3).get("content").asText());
        JsonNode tool = body.get("tools").get(0);
        assertEquals("function", tool.get("type").asText());
        assertEquals("get_weather", tool.get("function").get("name").asText());
        assertEquals("Current weather for a city", tool.get("function").get("description").asText());
        assertEquals(JsonSupport.tree(WEATHER_SCHEMA), tool.get("function").get("parameters"));
        assertEquals("auto", body.get("tool_choice").asText());
        assertEquals(256, body.get("max_tokens").asInt());
        assertEquals(0.2, body.get("temperature").asDouble());
        assertEquals("END", body.get("stop").get(0).asText());
        assertFalse(body.has("stream"));

        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(List.of(new ToolCall("call_9", "get_weather", "{\"city\":\"Quito\"}")), r.toolCalls());
        assertEquals(new Usage(16, 12, 64, 0), r.usage());
        assertEquals("gpt-4o-mini-2024", r.model().orElseThrow());
    }

    @Test
    void toolChoiceAndJsonModeMapToOpenAiShapes() throws Exception {
        h.server.then(StubServer.Response.json(200, okBody()));
        ChatRequest req = ChatRequest.builder(model()).message(ChatMessage.user("x"))
                .tool(new ToolSpec("get_weather", "w", WEATHER_SCHEMA)).toolChoice(ToolChoice.specific("get_weather"))
                .jsonOutput(true).build();
        Harness.await(h.client.chat(req));
        JsonNode body = h.server.only().json();
        assertEquals("function", body.get("tool_choice").get("type").asText());
        assertEquals("get_weather", body.get("tool_choice").get("function").get("name").asText());
        assertEquals("json_object", body.get("response_format").get("type").asText());
    }

    @Test
    void streamsTextAndToolCallDeltasUntilDone() throws Exception {
        h.server.then(StubServer.Response.sse(
                "data: {\"id\":\"c\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me \"}}]}\n\n",
                ": keep-alive comment\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"check.\"}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Quito\\\"}\"}}]}}]}\n\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":9}}\n\n",
                "data: [DONE]\n\n"));
        RecordingStreamListener listener = new RecordingStreamListener();
        ChatResponse r = Harness.await(h.client.stream(toolConversation(model()), listener));

        StubServer.Request req = h.server.only();
        assertBasics(req);
        assertEquals("text/event-stream", req.header("accept"));
        assertTrue(req.json().get("stream").asBoolean());
        assertTrue(req.json().get("stream_options").get("include_usage").asBoolean());
        assertEquals(List.of("text:Let me ", "text:check.", "start:call_7:get_weather", "args:call_7:{\"city\":",
                "args:call_7:\"Quito\"}", "end:call_7", "usage:40/9"), listener.events());
        assertEquals("Let me check.", r.text());
        assertEquals(List.of(new ToolCall("call_7", "get_weather", "{\"city\":\"Quito\"}")), r.toolCalls());
        assertEquals(Usage.of(40, 9), r.usage());
    }

    @Test
    void streamedTextAnswerEndsWithStop() throws Exception {
        h.server.then(StubServer.Response.sse(
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hola\"}}]}\r\n\r\n",
                "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" mundo\"},\"finish_reason\":\"stop\"}]}\r\n\r\n",
                "data: [DONE]\r\n\r\n"));
        RecordingStreamListener listener = new RecordingStreamListener();
        ChatResponse r = Harness.await(h.client.stream(hello(model()), listener));
        assertEquals("Hola mundo", r.text());
        assertEquals(FinishReason.STOP, r.finishReason());
        assertEquals(List.of("text:Hola", "text: mundo", "usage:0/0"), listener.events());
    }

    @Test
    void streamRateLimitedBeforeTheFirstByteIsRetried() throws Exception {
        h.server.then(StubServer.Response.json(429, errorBody(429, "slow")).header("Retry-After", "3"))
                .then(StubServer.Response.sse("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n",
                        "data: [DONE]\n\n"));
        assertEquals("ok", Harness.await(h.client.stream(hello(model()), new RecordingStreamListener())).text());
        assertEquals(2, h.server.requests().size());
        assertEquals(3, h.delays.get(0).getSeconds());
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        try (StubServer server = new StubServer()) {
            server.then(StubServer.Response.json(200, okBody()));
            Endpoint local = Endpoint.of("ollama", server.baseUrl("/v1/"), "");
            LlmClient client = new LlmClient(local, new OpenAiWire(local, "chat/completions"),
                    java.net.http.HttpClient.newHttpClient(), Harness.EXCHANGES, d -> java.util.concurrent.CompletableFuture.completedFuture(null),
                    h.clock, 0, h.breaker, RetryPolicy.defaults(() -> 0.5), java.time.Duration.ofSeconds(5));
            assertEquals("hi", Harness.await(client.chat(hello("llama3.2"))).text());
            assertEquals("/v1/chat/completions", server.only().uri(), "trailing slash in base_url is tolerated");
            assertEquals(null, server.only().header("authorization"));
        }
    }
}

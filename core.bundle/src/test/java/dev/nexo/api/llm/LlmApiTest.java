package dev.nexo.api.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class LlmApiTest {
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "Current weather", "{\"type\":\"object\"}");

    @Test
    void requestNeedsModelAndMessages() {
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder("m").build());
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder(" ").message(ChatMessage.user("hi")).build());
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder("m").temperature(2.5));
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder("m").maxTokens(0));
        assertThrows(IllegalArgumentException.class, () -> ChatRequest.builder("m").message(ChatMessage.user("x"))
                .toolChoice(ToolChoice.specific("missing")).build());
    }

    @Test
    void requestKeepsFieldsAndIsImmutable() {
        ChatRequest.Builder b = ChatRequest.builder("gpt-x").message(ChatMessage.system("be brief"))
                .message(ChatMessage.user("weather?")).tool(WEATHER).toolChoice(ToolChoice.specific("get_weather"))
                .maxTokens(1024).temperature(0.7).stopSequence("END").timeout(Duration.ofSeconds(60))
                .metadata("agent_id", "ana");
        ChatRequest r = b.build();
        b.message(ChatMessage.user("more"));
        assertEquals(2, r.messages().size());
        assertEquals(1024, r.maxTokens().getAsInt());
        assertEquals(0.7, r.temperature().getAsDouble());
        assertEquals(Optional.of("get_weather"), r.toolChoice().toolName());
        assertThrows(UnsupportedOperationException.class, () -> r.messages().add(ChatMessage.user("x")));
        ChatRequest copy = r.toBuilder().build();
        assertEquals(r.messages(), copy.messages());
        assertEquals(r.maxTokens(), copy.maxTokens());
        assertTrue(ChatRequest.builder("m").message(ChatMessage.user("x")).build().temperature().isEmpty());
    }

    @Test
    void toolTypesValidate() {
        assertThrows(IllegalArgumentException.class, () -> new ToolSpec("bad name", "", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new ToolSpec("ok", "", "not json"));
        assertThrows(IllegalArgumentException.class, () -> new ToolCall("", "t", "{}"));
        assertThrows(IllegalArgumentException.class, () -> new ToolChoice(ToolChoice.Mode.AUTO, Optional.of("x")));
        assertThrows(IllegalArgumentException.class, () -> new ToolChoice(ToolChoice.Mode.SPECIFIC, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> ChatMessage.toolResult(" ", "x"));
        assertEquals(Role.TOOL, ChatMessage.toolResult("c1", "18C").role());
    }

    @Test
    void responseRules() {
        assertThrows(IllegalArgumentException.class,
                () -> ChatResponse.toolCalls("", List.of(), Usage.ZERO));
        ToolCall call = new ToolCall("c1", "get_weather", "{\"city\":\"BA\"}");
        ChatResponse r = ChatResponse.toolCalls("", List.of(call), Usage.of(12, 4));
        assertTrue(r.hasToolCalls());
        assertEquals(FinishReason.TOOL_USE, r.finishReason());
        assertEquals(List.of(call), r.toMessage().toolCalls());
        assertEquals(Optional.of("x"), ChatResponse.text("hi", FinishReason.OTHER, Usage.ZERO).withFinishDetail("x").finishDetail());
        assertEquals(new Usage(13, 5, 1, 0), Usage.of(12, 4).plus(new Usage(1, 1, 1, 0)));
        assertEquals(19, new Usage(13, 5, 1, 0).totalTokens());
        assertThrows(IllegalArgumentException.class, () -> Usage.of(-1, 0));
    }

    @Test
    void errorKinds() {
        assertEquals(LlmErrorKind.RATE_LIMITED, LlmErrorKind.fromRpcCode(-33103));
        assertEquals(LlmErrorKind.CONTEXT_OVERFLOW, LlmErrorKind.fromRpcCode(-33105));
        assertEquals(LlmErrorKind.UNKNOWN, LlmErrorKind.fromRpcCode(42));
        assertEquals("provider_not_found", LlmErrorKind.PROVIDER_NOT_FOUND.wireName());
        LlmException e = new LlmException(LlmErrorKind.RATE_LIMITED, "openai", "429", Duration.ofSeconds(30), null);
        assertTrue(e.isRetryable());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        assertFalse(new LlmException(LlmErrorKind.AUTHENTICATION, "401").isRetryable());
        assertTrue(e.getMessage().contains("openai"));
    }

    @Test
    void defaultStreamReplaysTheWholeResponse() {
        ToolCall call = new ToolCall("c1", "get_weather", "{}");
        LlmProvider provider = new LlmProvider() {
            @Override
            public String id() {
                return "fake";
            }

            @Override
            public CompletionStage<ChatResponse> chat(ChatRequest request) {
                return CompletableFuture.completedFuture(ChatResponse.toolCalls("checking", List.of(call), Usage.of(1, 2)));
            }
        };
        List<String> seen = new ArrayList<>();
        LlmStreamListener listener = new LlmStreamListener() {
            @Override
            public void onTextDelta(String delta) {
                seen.add("text:" + delta);
            }

            @Override
            public void onToolCallStart(String callId, String toolName) {
                seen.add("start:" + callId + ":" + toolName);
            }

            @Override
            public void onToolCallEnd(String callId) {
                seen.add("end:" + callId);
            }

            @Override
            public void onUsage(Usage usage) {
                seen.add("usage:" + usage.totalTokens());
            }
        };
        ChatRequest req = ChatRequest.builder("m").message(ChatMessage.user("x")).build();
        ChatResponse r = provider.stream(req, listener).toCompletableFuture().join();
        assertEquals(List.of("text:checking", "start:c1:get_weather", "end:c1", "usage:3"), seen);
        assertTrue(r.hasToolCalls());
    }
}

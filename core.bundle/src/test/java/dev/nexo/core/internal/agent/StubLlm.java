package dev.nexo.core.internal.agent;

import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.Usage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A scripted LLM: answers each request with the next scripted step (or a default), records requests. */
public final class StubLlm implements LlmProvider {
    public final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<Function<ChatRequest, ChatResponse>> script = new ArrayDeque<>();
    private final String id;
    private volatile Function<ChatRequest, ChatResponse> fallback = r -> answer("ok");

    public StubLlm(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    /** Queues a tool call answer. */
    public synchronized StubLlm thenCallTool(String name, String args) {
        script.add(r -> ChatResponse.toolCalls("", List.of(new ToolCall("call_" + requests.size(), name, args)),
                Usage.of(10, 5)));
        return this;
    }

    /** Queues a text answer. */
    public synchronized StubLlm thenAnswer(String text) {
        script.add(r -> answer(text));
        return this;
    }

    /** Answers everything not scripted with {@code f}. */
    public StubLlm otherwise(Function<ChatRequest, ChatResponse> f) {
        this.fallback = f;
        return this;
    }

    public static ChatResponse answer(String text) {
        return ChatResponse.text(text, FinishReason.STOP, Usage.of(10, 5));
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        requests.add(request);
        Function<ChatRequest, ChatResponse> next;
        synchronized (this) {
            next = script.isEmpty() ? fallback : script.poll();
        }
        return CompletableFuture.completedFuture(next.apply(request));
    }
}

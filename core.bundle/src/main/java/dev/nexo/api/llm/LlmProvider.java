package dev.nexo.api.llm;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An LLM backend (OpenAI-compatible, Anthropic, Gemini, ...), registered as a service with the
 * {@link #PROVIDER} property, usually via {@link LlmProviderId @LlmProviderId}. One component per
 * provider; one factory configuration per endpoint when a provider has several.
 *
 * <p>Calls never block the caller: they return a stage that completes with the response or
 * exceptionally with an {@link LlmException}. Cancelling the stage's future should abort the HTTP
 * call. Implementations must be thread-safe.
 */
@ConsumerType
public interface LlmProvider {
    /** Service property with the provider id agents name in their {@code model.provider}, e.g. {@code anthropic}. */
    String PROVIDER = "nexo.llm.provider.id";

    /** @return the provider id; equal to the {@link #PROVIDER} property */
    String id();

    /**
     * One non-streaming completion.
     *
     * @param request the request
     * @return the response, or failure with {@link LlmException}
     */
    CompletionStage<ChatResponse> chat(ChatRequest request);

    /**
     * A streaming completion: deltas go to {@code listener} as they arrive, and the stage completes
     * with the whole response (text, tool calls, usage) once the stream ends. The default
     * implementation does not stream: it calls {@link #chat} and replays the result to the listener.
     *
     * @param request the request
     * @param listener receives deltas
     * @return the complete response, or failure with {@link LlmException}
     */
    default CompletionStage<ChatResponse> stream(ChatRequest request, LlmStreamListener listener) {
        return chat(request).thenApply(response -> {
            if (!response.text().isEmpty()) {
                listener.onTextDelta(response.text());
            }
            for (ToolCall call : response.toolCalls()) {
                listener.onToolCallStart(call.id(), call.name());
                listener.onToolCallArgumentsDelta(call.id(), call.arguments());
                listener.onToolCallEnd(call.id());
            }
            listener.onUsage(response.usage());
            return response;
        });
    }
}

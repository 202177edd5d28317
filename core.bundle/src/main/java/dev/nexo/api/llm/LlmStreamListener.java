package dev.nexo.api.llm;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the pieces of a streamed answer as they arrive (wire {@code llm.chat.delta} chunks:
 * {@code text_delta}, {@code tool_call_start}, {@code tool_call_args_delta}, {@code tool_call_end},
 * {@code usage}). A provider calls these from one thread at a time, in order, before completing
 * the stage returned by {@link LlmProvider#stream}. Every method defaults to doing nothing, so
 * listeners implement only what they need. Listener methods must return quickly.
 */
@ConsumerType
public interface LlmStreamListener {
    /** @param delta the next piece of answer text */
    default void onTextDelta(String delta) {
    }

    /**
     * @param callId id of a tool call that starts
     * @param toolName the tool's name
     */
    default void onToolCallStart(String callId, String toolName) {
    }

    /**
     * @param callId the tool call
     * @param argumentsDelta the next piece of its JSON arguments text
     */
    default void onToolCallArgumentsDelta(String callId, String argumentsDelta) {
    }

    /** @param callId the tool call whose arguments are complete */
    default void onToolCallEnd(String callId) {
    }

    /** @param usage token usage, when the provider reports it during the stream */
    default void onUsage(Usage usage) {
    }
}

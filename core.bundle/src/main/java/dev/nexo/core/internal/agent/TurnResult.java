package dev.nexo.core.internal.agent;

import dev.nexo.api.llm.Usage;

/**
 * How a turn ended.
 *
 * @param kind reply, blocked or failed
 * @param text the reply text (REPLY), the block reason (BLOCKED) or the error message (FAILED)
 * @param errorCode for FAILED: {@code provider_not_found}, {@code step_limit}, an LLM error kind…
 * @param usage tokens used by all LLM calls of the turn
 * @param llmCalls LLM calls made
 * @param bytesSent characters of prompt, history and tool schemas sent, summed over the calls
 */
public record TurnResult(Kind kind, String text, String errorCode, Usage usage, int llmCalls, long bytesSent) {
    /** How a turn ended. */
    public enum Kind {
        /** The LLM answered; the text goes back to the channel. */
        REPLY,
        /** A before_message hook stopped the turn; nothing is sent. */
        BLOCKED,
        /** The turn could not finish; an error event is published instead of a reply. */
        FAILED
    }

    static TurnResult blocked(String reason) {
        return new TurnResult(Kind.BLOCKED, reason, null, Usage.of(0, 0), 0, 0);
    }

    static TurnResult failed(String code, String message, Usage usage, int calls, long bytes) {
        return new TurnResult(Kind.FAILED, message, code, usage, calls, bytes);
    }
}

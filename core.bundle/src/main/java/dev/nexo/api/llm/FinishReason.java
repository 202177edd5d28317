package dev.nexo.api.llm;

import java.util.Locale;

/** Why the model stopped generating (wire {@code finish_reason.kind}). */
public enum FinishReason {
    /** Natural end of the answer or a stop sequence. */
    STOP,
    /** The model wants tools called; the response carries {@link ToolCall}s. */
    TOOL_USE,
    /** The max-tokens limit cut the answer. */
    LENGTH,
    /** The provider's content filter stopped it. */
    CONTENT_FILTER,
    /** Anything else; see {@link ChatResponse#finishDetail()}. */
    OTHER;

    /** @return the snake_case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.nexo.api.llm;

import java.util.Locale;

/** Who authored a {@link ChatMessage}. */
public enum Role {
    /** Instructions for the model. */
    SYSTEM,
    /** The human side of the conversation. */
    USER,
    /** The model's own earlier turns, including tool calls it made. */
    ASSISTANT,
    /** The result of a tool call, answering one {@link ToolCall}. */
    TOOL;

    /** @return the lower-case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.nexo.api.llm;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether and which tool the model must call (wire {@code tool_choice{kind, name?}}).
 *
 * @param mode auto, any, none or specific
 * @param toolName the required tool, present exactly for {@link Mode#SPECIFIC}
 */
public record ToolChoice(Mode mode, Optional<String> toolName) {
    /** The model decides. */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
    /** The model must call some tool. */
    public static final ToolChoice ANY = new ToolChoice(Mode.ANY, Optional.empty());
    /** The model must not call tools. */
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());

    /** The tool-choice modes. */
    public enum Mode {
        /** Model decides. */
        AUTO,
        /** Some tool must be called (OpenAI {@code required}). */
        ANY,
        /** No tool may be called. */
        NONE,
        /** The named tool must be called. */
        SPECIFIC
    }

    /** Checks that a tool name is present exactly for {@link Mode#SPECIFIC}. */
    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        toolName = toolName == null ? Optional.empty() : toolName;
        if ((mode == Mode.SPECIFIC) != toolName.isPresent()) {
            throw new IllegalArgumentException("a tool name is required for SPECIFIC and only for SPECIFIC");
        }
    }

    /** @return a choice forcing the named tool */
    public static ToolChoice specific(String toolName) {
        return new ToolChoice(Mode.SPECIFIC, Optional.of(toolName));
    }
}

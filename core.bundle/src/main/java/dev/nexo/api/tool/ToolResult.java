package dev.nexo.api.tool;

import dev.nexo.api.event.Json;
import java.util.Objects;

/**
 * What a tool returns to the model. A tool may report a failure the model should see and react to
 * ({@link #error}) — that is a result, not an exception; exceptions are for calls that must not
 * reach the model as normal output (denied, timed out, invalid arguments).
 *
 * @param content the output: plain text, or JSON text when {@code json} is true
 * @param json whether {@code content} is JSON
 * @param isError whether the output describes a failure (wire {@code is_error})
 */
public record ToolResult(String content, boolean json, boolean isError) {
    /** Validates that JSON content is plausibly JSON. */
    public ToolResult {
        Objects.requireNonNull(content, "content");
        if (json) {
            Json.require(content, "tool result");
        }
    }

    /** @return a plain-text result */
    public static ToolResult text(String text) {
        return new ToolResult(text, false, false);
    }

    /** @return a JSON result */
    public static ToolResult json(String json) {
        return new ToolResult(json, true, false);
    }

    /** @return a failure the model should see, e.g. "city not found" */
    public static ToolResult error(String message) {
        return new ToolResult(message, false, true);
    }
}

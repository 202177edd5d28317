package dev.nexo.api.llm;

import dev.nexo.api.event.Ids;
import dev.nexo.api.event.Json;

/**
 * A tool invocation requested by the model.
 *
 * @param id provider-assigned call id; the {@link Role#TOOL} reply must echo it
 * @param name the tool's name
 * @param arguments the arguments object as JSON text
 */
public record ToolCall(String id, String name, String arguments) {
    /** Validates the fields. */
    public ToolCall {
        Ids.require(id, "tool call id");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("tool call name is required");
        }
        Json.require(arguments, "arguments of tool call " + name);
    }
}

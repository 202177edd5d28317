package dev.nexo.api.tool;

import dev.nexo.api.event.Json;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.trust.Sensitivity;
import java.util.Objects;

/**
 * What a tool is: name, description for the model, JSON Schema of its arguments, and sensitivity.
 *
 * @param name tool name, 1..64 characters of {@code [A-Za-z0-9_-]}, unique in the container
 * @param description what it does, written for the model
 * @param inputSchema JSON Schema of the arguments object, as JSON text
 * @param sensitivity read, write or execute; decides whether calls pend for approval
 */
public record ToolDescriptor(String name, String description, String inputSchema, Sensitivity sensitivity) {
    /** Validates the fields. */
    public ToolDescriptor {
        if (!ToolSpec.isValidName(name)) {
            throw new IllegalArgumentException("tool name must be 1..64 characters of [A-Za-z0-9_-]: " + name);
        }
        Objects.requireNonNull(description, "description");
        Json.require(inputSchema, "input schema of tool " + name);
        Objects.requireNonNull(sensitivity, "sensitivity of tool " + name);
    }

    /** @return the capability id the trust policy checks for this tool: {@code tool.<name>} in lower case */
    public String capabilityId() {
        return "tool." + name.toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the spec offered to the LLM */
    public ToolSpec toSpec() {
        return new ToolSpec(name, description, inputSchema);
    }
}

package dev.nexo.api.llm;

import dev.nexo.api.event.Json;

/**
 * A tool offered to the model.
 *
 * @param name tool name, 1..64 characters of {@code [A-Za-z0-9_-]} (what providers accept)
 * @param description what the tool does, written for the model
 * @param inputSchema JSON Schema of the arguments object, as JSON text
 */
public record ToolSpec(String name, String description, String inputSchema) {
    /** Validates name, description and schema text. */
    public ToolSpec {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("tool name must be 1..64 characters of [A-Za-z0-9_-]: " + name);
        }
        if (description == null) {
            throw new IllegalArgumentException("tool description is required (may be empty): " + name);
        }
        Json.require(inputSchema, "input schema of tool " + name);
    }

    /**
     * @param name candidate tool name
     * @return whether LLM providers accept it as a tool name
     */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

package dev.nexo.llm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;

/** Jackson helpers shared by the wires. */
final class JsonSupport {
    /** Configured once and never changed: thread-safe to share. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSupport() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** @return the parsed text; malformed text from a provider is an {@link LlmErrorKind#UNKNOWN} failure */
    static JsonNode parse(String provider, String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LlmException(LlmErrorKind.UNKNOWN, provider, "the provider answered with malformed JSON", null, null);
        }
    }

    /** @return JSON text (tool schemas, arguments) as a tree; the API already checked it is JSON */
    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the node's text, or "" when absent or null */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}

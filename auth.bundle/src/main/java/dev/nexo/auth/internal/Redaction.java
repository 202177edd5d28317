package dev.nexo.auth.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Redacts call arguments before anyone sees or hashes them: values under secret-looking keys
 * and any string that looks like a Nexo credential become {@code "[redacted]"}; long strings are cut.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|token|password|passwd|api[_-]?key|authorization|credential|private[_-]?key).*");
    private static final int MAX_STRING = 512;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Redaction() {
    }

    /** @return the redacted JSON text, or null for null; unparsable input becomes a placeholder */
    static String redact(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node == null ? null : JSON.writeValueAsString(JSON.treeToValue(walk(node), Object.class));
        } catch (Exception e) {
            return "\"[unparsable arguments]\"";
        }
    }

    /** @return SHA-256 of the redacted, key-ordered form, or null for null */
    static String hash(String json) {
        String redacted = redact(json);
        return redacted == null ? null : Secrets.sha256(redacted);
    }

    private static JsonNode walk(JsonNode node) {
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(SECRET_KEY.matcher(e.getKey()).matches() ? TextNode.valueOf(REDACTED) : walk(e.getValue()));
            }
            return obj;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, walk(node.get(i)));
            }
            return node;
        }
        if (node.isTextual()) {
            String s = node.asText();
            if (s.startsWith(Secrets.TOKEN_PREFIX) || s.startsWith(Secrets.ENROLL_PREFIX) || s.startsWith(Secrets.ADMIN_PREFIX)) {
                return TextNode.valueOf(REDACTED);
            }
            return s.length() > MAX_STRING ? TextNode.valueOf(s.substring(0, MAX_STRING) + "…") : node;
        }
        return node;
    }
}

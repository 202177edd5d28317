package dev.nexo.core.internal.config;

import java.util.Locale;

import org.yaml.snakeyaml.nodes.Tag;

import dev.nexo.core.internal.config.Schema.Scalar;

/** Scalar coercion: YAML text (with its resolved tag, or none after a placeholder) to a typed value. */
final class Scalars {
    private Scalars() {
    }

    /**
     * @param tag SnakeYAML's implicit tag, or null when the text came from a placeholder (then the
     *            text alone decides)
     * @return String, Long, Double or Boolean; null when the text does not fit the type
     */
    static Object coerce(String text, Tag tag, Scalar type) {
        Object value = switch (type.kind()) {
            case STRING -> text;
            case INT -> tag == null || Tag.INT.equals(tag) ? parseLong(text) : null;
            case FLOAT -> tag == null || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? parseDouble(text) : null;
            case BOOL -> tag == null || Tag.BOOL.equals(tag) ? parseBool(text, tag != null) : null;
        };
        if (value instanceof String s) {
            if (!type.allowed().isEmpty() && !type.allowed().contains(s)) {
                return null;
            }
            if (type.pattern() != null && !type.pattern().matcher(s).matches()) {
                return null;
            }
        }
        return value;
    }

    /** The scalar type matching a YAML tag, for free-form sections. */
    static Scalar forTag(Tag tag) {
        if (Tag.INT.equals(tag)) {
            return Schema.INT;
        } else if (Tag.FLOAT.equals(tag)) {
            return Schema.FLOAT;
        } else if (Tag.BOOL.equals(tag)) {
            return Schema.BOOL;
        }
        return Schema.STRING;
    }

    private static Long parseLong(String text) {
        String t = text.trim().replace("_", "");
        try {
            return Long.decode(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseDouble(String text) {
        try {
            double d = Double.parseDouble(text.trim().replace("_", ""));
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** YAML 1.1 spellings are accepted only when SnakeYAML itself tagged the scalar as a boolean. */
    private static Boolean parseBool(String text, boolean yamlTagged) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || yamlTagged && (t.equals("yes") || t.equals("on") || t.equals("y"))) {
            return Boolean.TRUE;
        }
        if (t.equals("false") || yamlTagged && (t.equals("no") || t.equals("off") || t.equals("n"))) {
            return Boolean.FALSE;
        }
        return null;
    }

}

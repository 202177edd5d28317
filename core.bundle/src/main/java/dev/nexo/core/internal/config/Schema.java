package dev.nexo.core.internal.config;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small declarative schema for YAML config files: the shape each file may have, its defaults,
 * and which fields are required. {@link NodeReader} walks SnakeYAML nodes against it.
 *
 * <p>Deliberately tiny: scalars, objects with a closed set of fields, lists, free-key maps, a
 * node-kind driven choice, and {@code any} for sections owned by later features.
 */
final class Schema {
    private Schema() {
    }

    /** A node type. */
    sealed interface Type permits Scalar, Obj, ListOf, MapOf, OneOf, Any {
        /** Short human name used in type errors, e.g. "an integer". */
        String describe();
    }

    enum Kind { STRING, INT, FLOAT, BOOL }

    /** A scalar; {@code allowed} restricts strings to an enum, {@code pattern} to a syntax. */
    record Scalar(Kind kind, Set<String> allowed, Pattern pattern, String patternHint) implements Type {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> allowed.isEmpty() ? "a string" : "one of " + String.join(", ", allowed);
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "a boolean (true/false)";
            };
        }
    }

    /** One field of an object. {@code json} emits the value as one JSON string property. */
    record Field(String name, Type type, boolean required, Object defaultValue, boolean json) {
        Field req() {
            return new Field(name, type, true, null, json);
        }

        Field def(Object value) {
            return new Field(name, type, false, value, json);
        }

        Field asJson() {
            return new Field(name, type, required, defaultValue, true);
        }
    }

    /** A mapping with a closed set of fields: anything else is an "unknown field" error. */
    record Obj(Map<String, Field> fields) implements Type {
        @Override
        public String describe() {
            return "a mapping";
        }

        boolean hasRequired() {
            return fields.values().stream().anyMatch(Field::required);
        }
    }

    record ListOf(Type element) implements Type {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A mapping whose keys are operator-chosen names (providers, channels in an allowlist). */
    record MapOf(Type value) implements Type {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** Chooses among alternatives by the YAML node kind (scalar, mapping or sequence). */
    record OneOf(List<Type> options) implements Type {
        @Override
        public String describe() {
            return String.join(" or ", options.stream().map(Type::describe).toList());
        }
    }

    /** Free-form YAML, validated by the feature that consumes it; stored as JSON. */
    record Any() implements Type {
        @Override
        public String describe() {
            return "any value";
        }
    }

    static final Scalar STRING = new Scalar(Kind.STRING, Set.of(), null, null);
    static final Scalar INT = new Scalar(Kind.INT, Set.of(), null, null);
    static final Scalar FLOAT = new Scalar(Kind.FLOAT, Set.of(), null, null);
    static final Scalar BOOL = new Scalar(Kind.BOOL, Set.of(), null, null);
    static final Any ANY = new Any();
    /** humantime-like durations: 500ms, 30s, 5m, 24h, 7d, "1h 30m". */
    static final Scalar DURATION = pattern("^(\\d+\\s*(ms|s|m|h|d)\\s*)+$", "a duration such as 30s, 5m or 24h");
    /** Byte sizes: 4MB, 512KiB, 1024. */
    static final Scalar SIZE = pattern("^\\d+\\s*([KMG]i?B|B)?$", "a size such as 512KB or 4MB");
    /** Ids that become PID names, subject suffixes and directory names. */
    static final Scalar ID = pattern("^[A-Za-z0-9][A-Za-z0-9_.@-]*$",
            "an id of letters, digits, '_', '.', '@' or '-'");

    static Scalar pattern(String regex, String hint) {
        return new Scalar(Kind.STRING, Set.of(), Pattern.compile(regex), hint);
    }

    static Scalar oneOf(String... values) {
        return new Scalar(Kind.STRING, new java.util.LinkedHashSet<>(Arrays.asList(values)), null, null);
    }

    static Field f(String name, Type type) {
        return new Field(name, type, false, null, false);
    }

    static Obj obj(Field... fields) {
        Map<String, Field> map = new LinkedHashMap<>();
        for (Field field : fields) {
            if (map.put(field.name(), field) != null) {
                throw new IllegalArgumentException("duplicate schema field " + field.name());
            }
        }
        return new Obj(map);
    }

    static ListOf listOf(Type element) {
        return new ListOf(element);
    }

    static MapOf mapOf(Type value) {
        return new MapOf(value);
    }

    static OneOf either(Type... options) {
        return new OneOf(List.of(options));
    }

    /** A list of strings defaulting to empty: the commonest field shape. */
    static Field strings(String name) {
        return f(name, listOf(STRING)).def(List.of());
    }
}

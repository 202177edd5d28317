package dev.nexo.core.internal.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import dev.nexo.core.internal.config.Placeholders.PlaceholderException;
import dev.nexo.core.internal.config.Schema.Any;
import dev.nexo.core.internal.config.Schema.Field;
import dev.nexo.core.internal.config.Schema.ListOf;
import dev.nexo.core.internal.config.Schema.MapOf;
import dev.nexo.core.internal.config.Schema.Obj;
import dev.nexo.core.internal.config.Schema.OneOf;
import dev.nexo.core.internal.config.Schema.Scalar;
import dev.nexo.core.internal.config.Schema.Type;

/**
 * Walks one file's SnakeYAML node tree against a {@link Schema}, resolving placeholders in
 * scalars, and builds plain Java values ({@code Map}, {@code List}, String, Long, Double,
 * Boolean; {@link Secret} for placeholder-derived values, {@link JsonValue} for JSON fields).
 * Every problem is recorded with the node's line and column; reading continues after an error
 * so one run reports them all.
 */
final class NodeReader {
    private static final int MAX_DEPTH = 64;

    private final String file;
    private final Placeholders placeholders;
    private final List<ConfigProblem> problems;
    private final IdentityHashMap<Object, Location> locations;

    NodeReader(String file, Placeholders placeholders, List<ConfigProblem> problems,
            IdentityHashMap<Object, Location> locations) {
        this.file = file;
        this.placeholders = placeholders;
        this.problems = problems;
        this.locations = locations;
    }

    Location at(Node node) {
        return new Location(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    /** @return the value, or null when the node is null or wrong (a problem was recorded) */
    Object read(Node node, Type type, String path) {
        if (path.chars().filter(c -> c == '.' || c == '[').count() > MAX_DEPTH) {
            return fail(node, path, "nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (isNull(node)) {
            return null;
        }
        if (type instanceof Scalar scalar) {
            return readScalar(node, scalar, path);
        } else if (type instanceof Obj obj) {
            return readObj(node, obj, path);
        } else if (type instanceof ListOf list) {
            return readList(node, list, path);
        } else if (type instanceof MapOf map) {
            return readMap(node, map, path);
        } else if (type instanceof OneOf oneOf) {
            return readOneOf(node, oneOf, path);
        } else if (type instanceof Any) {
            return new JsonValue(readAny(node, path));
        }
        throw new IllegalStateException(type.toString());
    }

    private Object readObj(Node node, Obj obj, String path) {
        if (!(node instanceof MappingNode mapping)) {
            return typeError(node, obj, path);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        locations.put(out, at(node));
        Map<String, NodeTuple> present = entries(mapping, path);
        for (NodeTuple tuple : present.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            Field field = obj.fields().get(key);
            if (field == null) {
                problems.add(ConfigProblem.error(at(tuple.getKeyNode()), join(path, key), unknownField(key, obj, path)));
                continue;
            }
            Object value = read(tuple.getValueNode(), field.type(), join(path, key));
            if (value != null) {
                out.put(key, field.json() ? new JsonValue(value) : value);
            } else if (isNull(tuple.getValueNode())) {
                putDefault(out, field, tuple.getValueNode(), join(path, key));
            }
        }
        for (Field field : obj.fields().values()) {
            if (!present.containsKey(field.name())) {
                putDefault(out, field, node, join(path, field.name()));
            }
        }
        return out;
    }

    private void putDefault(Map<String, Object> out, Field field, Node where, String path) {
        if (field.required()) {
            problems.add(ConfigProblem.error(at(where), path, "missing field `" + field.name() + "`"
                    + (path.contains(".") ? " in `" + path.substring(0, path.lastIndexOf('.')) + "`" : "")));
            return;
        }
        Object value = defaultOf(field);
        if (value != null) {
            out.put(field.name(), value);
        }
    }

    /** The default of a field: its declared value, or an object of its sub-fields' defaults. */
    static Object defaultOf(Field field) {
        if (field.defaultValue() != null) {
            return field.defaultValue();
        }
        if (field.type() instanceof Obj obj && !obj.hasRequired()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field sub : obj.fields().values()) {
                Object value = defaultOf(sub);
                if (value != null) {
                    out.put(sub.name(), value);
                }
            }
            return out.isEmpty() ? null : out;
        }
        return null;
    }

    private Object readList(Node node, ListOf list, String path) {
        if (!(node instanceof SequenceNode seq)) {
            return typeError(node, list, path);
        }
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (Node item : seq.getValue()) {
            String itemPath = path + "[" + i++ + "]";
            if (isNull(item)) {
                fail(item, itemPath, "empty list entry in `" + path + "`");
                continue;
            }
            Object value = read(item, list.element(), itemPath);
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }

    private Object readMap(Node node, MapOf map, String path) {
        if (!(node instanceof MappingNode mapping)) {
            return typeError(node, map, path);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        locations.put(out, at(node));
        for (Map.Entry<String, NodeTuple> e : entries(mapping, path).entrySet()) {
            Object value = read(e.getValue().getValueNode(), map.value(), join(path, e.getKey()));
            if (value != null) {
                out.put(e.getKey(), value);
            }
        }
        return out;
    }

    private Object readOneOf(Node node, OneOf oneOf, String path) {
        for (Type option : oneOf.options()) {
            if (accepts(option, node.getNodeId())) {
                return read(node, option, path);
            }
        }
        return typeError(node, oneOf, path);
    }

    private static boolean accepts(Type type, NodeId id) {
        return switch (id) {
            case scalar -> type instanceof Scalar;
            case sequence -> type instanceof ListOf;
            case mapping -> type instanceof Obj || type instanceof MapOf;
            default -> false;
        };
    }

    private Object readScalar(Node node, Scalar type, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            return typeError(node, type, path);
        }
        String text = scalar.getValue();
        boolean secret = false;
        Tag tag = scalar.getTag();
        if (Placeholders.hasPlaceholder(text)) {
            try {
                text = placeholders.resolve(text, file);
            } catch (PlaceholderException e) {
                return fail(node, path, e.getMessage());
            }
            secret = true;
            tag = null;
        }
        Object value = Scalars.coerce(text, tag, type);
        if (value == null) {
            // never echo a placeholder-derived value in the message
            String shown = secret ? "a value from a placeholder" : "`" + abbreviate(text) + "`";
            String expected = type.patternHint() != null ? type.patternHint() : type.describe();
            return fail(node, path, "invalid value for `" + lastSegment(path) + "`: expected " + expected
                    + ", got " + shown);
        }
        return secret ? new Secret(value) : value;
    }

    /** Free-form YAML to plain values, placeholders resolved. */
    private Object readAny(Node node, String path) {
        if (isNull(node)) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            Object value = readScalar(node, Scalars.forTag(scalar.getTag()), path);
            return value;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Node item : seq.getValue()) {
                out.add(read(item, Schema.ANY, path + "[" + i++ + "]") instanceof JsonValue j ? j.value() : null);
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> e : entries((MappingNode) node, path).entrySet()) {
            Object value = read(e.getValue().getValueNode(), Schema.ANY, join(path, e.getKey()));
            out.put(e.getKey(), value instanceof JsonValue j ? j.value() : null);
        }
        return out;
    }

    /** Keys of a mapping in order; non-string and duplicate keys are reported. */
    private Map<String, NodeTuple> entries(MappingNode mapping, String path) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key) || isNull(keyNode)) {
                fail(keyNode, path, "keys must be plain names (complex keys are not supported)");
                continue;
            }
            if (out.putIfAbsent(key.getValue(), tuple) != null) {
                fail(keyNode, join(path, key.getValue()), "duplicate key `" + key.getValue() + "`");
            }
        }
        return out;
    }

    private String unknownField(String key, Obj obj, String path) {
        String where = path.isEmpty() ? "" : " in `" + path + "`";
        String hint = Suggest.closest(key, obj.fields().keySet())
                .map(s -> ", did you mean `" + s + "`?").orElse("");
        String expected = obj.fields().keySet().stream().map(k -> "`" + k + "`").collect(Collectors.joining(", "));
        return "unknown field `" + key + "`" + where + hint + "; expected one of " + expected;
    }

    private Object typeError(Node node, Type type, String path) {
        String got = switch (node.getNodeId()) {
            case mapping -> "a mapping";
            case sequence -> "a list";
            default -> "a scalar";
        };
        return fail(node, path, "`" + lastSegment(path) + "` must be " + type.describe() + ", got " + got);
    }

    private Object fail(Node node, String path, String message) {
        problems.add(ConfigProblem.error(at(node), path, message));
        return null;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}

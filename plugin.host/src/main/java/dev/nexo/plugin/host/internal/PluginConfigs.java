package dev.nexo.plugin.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The operator's configuration for a plugin: {@code <config dir>/plugins/<id>.yaml}, with an outer
 * key equal to the id stripped, {@code ${VAR}} / {@code ${VAR:-default}} resolved from the
 * environment, delivered with {@code plugin.configure} after {@code initialize}. Validated against
 * the manifest's {@code [plugin.config_schema]} with the seed's subset (type, required, properties,
 * additionalProperties, enum).
 */
final class PluginConfigs {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> configDir;
    private final Map<String, String> env;

    PluginConfigs(Optional<Path> configDir, Map<String, String> env) {
        this.configDir = configDir;
        this.env = env;
    }

    /** @throws IllegalArgumentException if the file cannot be read or parsed */
    Optional<JsonNode> load(String pluginId) {
        if (configDir.isEmpty()) {
            return Optional.empty();
        }
        Path file = configDir.get().resolve("plugins").resolve(pluginId + ".yaml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Object tree;
        try (Reader r = Files.newBufferedReader(file)) {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage());
        }
        JsonNode node = JSON.valueToTree(tree == null ? Map.of() : tree);
        if (node.isObject() && node.size() == 1 && node.has(pluginId)) {
            node = node.get(pluginId);
        }
        return Optional.of(resolve(node));
    }

    private JsonNode resolve(JsonNode n) {
        if (n.isTextual()) {
            Matcher m = VAR.matcher(n.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = env.get(m.group(1));
                if (v == null) {
                    if (m.group(2) == null) {
                        throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
                    }
                    v = m.group(2);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return JSON.getNodeFactory().textNode(out.toString());
        }
        if (n.isObject()) {
            var copy = JSON.createObjectNode();
            n.fields().forEachRemaining(f -> copy.set(f.getKey(), resolve(f.getValue())));
            return copy;
        }
        if (n.isArray()) {
            var copy = JSON.createArrayNode();
            n.forEach(e -> copy.add(resolve(e)));
            return copy;
        }
        return n;
    }

    /** @return problems of {@code value} against {@code schema}; empty when valid */
    static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            problems.add(at + " must be " + type);
            return;
        }
        JsonNode e = schema.get("enum");
        if (e != null && e.isArray()) {
            boolean found = false;
            for (JsonNode option : e) {
                found |= option.equals(value);
            }
            if (!found) {
                problems.add(at + " must be one of " + e);
            }
        }
        if (!value.isObject()) {
            return;
        }
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                problems.add(at + "." + r.asText() + " is required");
            }
        }
        JsonNode props = schema.path("properties");
        boolean closed = schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean(true);
        for (Iterator<String> it = value.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (props.has(k)) {
                check(props.get(k), value.get(k), at + "." + k, problems);
            } else if (closed) {
                problems.add(at + "." + k + " is not allowed");
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> true;
        };
    }
}

package dev.nexo.core.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@link AgentConfig} from the flattened properties the config loader writes for
 * {@code dev.nexo.agent~<id>}: nested keys dotted ({@code model.provider}), scalar lists as arrays,
 * {@code inbound_bindings} as one JSON string.
 */
public final class AgentConfigParser {
    /** Most LLM calls in one turn unless {@code max_steps} says otherwise. */
    public static final int DEFAULT_MAX_STEPS = 8;
    /** The seed's short-term history window. */
    public static final int DEFAULT_HISTORY_TURNS = 50;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private AgentConfigParser() {
    }

    /**
     * @param p the configuration properties
     * @return the agent config
     * @throws IllegalArgumentException if required fields are missing or malformed
     */
    public static AgentConfig parse(Map<String, ?> p) {
        String id = required(p, "id");
        return new AgentConfig(id, text(p, "tenant", "default"), text(p, "description", ""),
                required(p, "model.provider"), required(p, "model.model"), text(p, "system_prompt", ""),
                (String) p.get("language"), strings(p.get("allowed_tools")), allowlist(p, "outbound_allowlist."),
                bindings(p.get("inbound_bindings")), strings(p.get("allowed_delegates")),
                strings(p.get("accept_delegates_from")), credentials(p),
                !"false".equals(String.valueOf(p.get("tool_args_validation.enabled"))),
                integer(p.get("max_steps"), DEFAULT_MAX_STEPS), integer(p.get("history_turns"), DEFAULT_HISTORY_TURNS),
                "true".equals(String.valueOf(p.get("heartbeat.enabled")))
                        ? duration(text(p, "heartbeat.interval", "5m")) : null, memory(p));
    }

    /**
     * The {@code memory:} block: the loader stores it as one JSON string ({@code memory}); dotted
     * keys ({@code memory.long_term}, {@code memory.auto_recall.top_k}) are read too.
     */
    static AgentConfig.Memory memory(Map<String, ?> p) {
        JsonNode m;
        Object raw = p.get("memory");
        try {
            m = raw == null ? JSON.createObjectNode() : JSON.readTree(String.valueOf(raw));
        } catch (IOException e) {
            throw new IllegalArgumentException("memory is not valid JSON", e);
        }
        JsonNode auto = m.path("auto_recall");
        Object longTerm = p.containsKey("memory.long_term") ? p.get("memory.long_term") : jsonValue(m.get("long_term"));
        Object enabled = p.containsKey("memory.auto_recall.enabled") ? p.get("memory.auto_recall.enabled")
                : jsonValue(auto.get("enabled"));
        Object topK = p.containsKey("memory.auto_recall.top_k") ? p.get("memory.auto_recall.top_k")
                : jsonValue(auto.get("top_k"));
        Object mode = p.containsKey("memory.auto_recall.mode") ? p.get("memory.auto_recall.mode")
                : jsonValue(auto.get("mode"));
        if (mode != null && !String.valueOf(mode).matches("(?i)keyword|vector|hybrid")) {
            throw new IllegalArgumentException("memory.auto_recall.mode must be keyword, vector or hybrid: " + mode);
        }
        Integer k = topK == null ? null : Integer.valueOf(String.valueOf(topK));
        if (k != null && (k < 1 || k > 20)) {
            throw new IllegalArgumentException("memory.auto_recall.top_k must be 1..20: " + k);
        }
        return new AgentConfig.Memory("true".equals(String.valueOf(longTerm)),
                enabled == null ? null : Boolean.valueOf(String.valueOf(enabled)), k,
                mode == null ? null : String.valueOf(mode));
    }

    private static Object jsonValue(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    /**
     * @param text a config duration: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 1d}
     * @return the duration
     */
    static Duration duration(String text) {
        Matcher m = DURATION_PART.matcher(text.replace(" ", ""));
        Duration d = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end == 0 || end != text.replace(" ", "").length() || d.isZero()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return d;
    }

    private static String required(Map<String, ?> p, String key) {
        Object v = p.get(key);
        if (v == null || String.valueOf(v).isBlank()) {
            throw new IllegalArgumentException("agent configuration lacks `" + key + "`");
        }
        return String.valueOf(v);
    }

    private static String text(Map<String, ?> p, String key, String def) {
        Object v = p.get(key);
        return v == null ? def : String.valueOf(v);
    }

    private static int integer(Object v, int def) {
        return v == null ? def : Integer.parseInt(String.valueOf(v));
    }

    static List<String> strings(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        if (v instanceof Iterable<?> it) {
            List<String> out = new ArrayList<>();
            it.forEach(x -> out.add(String.valueOf(x)));
            return List.copyOf(out);
        }
        return List.of(String.valueOf(v));
    }

    private static Map<String, List<String>> allowlist(Map<String, ?> p, String prefix) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), strings(v));
            }
        });
        return Map.copyOf(out);
    }

    private static Map<String, String> credentials(Map<String, ?> p) {
        Map<String, String> out = new LinkedHashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith("credentials.") && v instanceof String s) {
                out.put(k.substring("credentials.".length()), s);
            }
        });
        return Map.copyOf(out);
    }

    private static List<Binding> bindings(Object v) {
        if (v == null) {
            return List.of();
        }
        try {
            JsonNode list = JSON.readTree(String.valueOf(v));
            List<Binding> out = new ArrayList<>();
            for (JsonNode b : list) {
                out.add(binding(b));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new IllegalArgumentException("inbound_bindings is not valid JSON", e);
        }
    }

    private static Binding binding(JsonNode b) {
        JsonNode model = b.path("model");
        return new Binding(b.path("plugin").asText(), opt(b, "instance"), list(b.get("allowed_tools")),
                map(b.get("outbound_allowlist")), opt(b, "system_prompt_extra"),
                model.isObject() ? opt(model, "model") : null, opt(b, "language"), list(b.get("allowed_delegates")),
                b.path("pairing_policy").path("auto_challenge").asBoolean(false));
    }

    private static String opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> list(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }

    private static Map<String, List<String>> map(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), list(e.getValue())));
        return Map.copyOf(out);
    }
}

package dev.nexo.core.internal.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a config tree into ConfigAdmin properties: nested mappings flattened with dots
 * ({@code polling.enabled}), scalars as String/Long/Double/Boolean, lists of scalars as typed
 * arrays (Long[], Double[], Boolean[], else String[]), and lists of mappings or
 * {@link JsonValue}s as one JSON string.
 */
final class Flattener {
    /** Stateless after construction and thread-safe: one per class is enough. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private Flattener() {
    }

    static Map<String, Object> flatten(Map<String, Object> tree) {
        Map<String, Object> out = new TreeMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            Object value = Secret.unwrap(e.getValue());
            if (value instanceof JsonValue json) {
                out.put(key, toJson(json.value()));
            } else if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> sub = (Map<String, Object>) map;
                flatten(key + ".", sub, out);
            } else if (value instanceof List<?> list) {
                out.put(key, allScalars(list) ? array(list) : toJson(list));
            } else if (value != null) {
                out.put(key, value);
            }
        }
    }

    private static boolean allScalars(List<?> list) {
        return list.stream().map(Secret::unwrap)
                .allMatch(v -> v instanceof String || v instanceof Number || v instanceof Boolean);
    }

    private static Object array(List<?> list) {
        List<Object> values = list.stream().map(Secret::unwrap).toList();
        if (!values.isEmpty() && values.stream().allMatch(Long.class::isInstance)) {
            return values.toArray(new Long[0]);
        }
        if (!values.isEmpty() && values.stream().allMatch(Number.class::isInstance)) {
            return values.stream().map(v -> ((Number) v).doubleValue()).toArray(Double[]::new);
        }
        if (!values.isEmpty() && values.stream().allMatch(Boolean.class::isInstance)) {
            return values.toArray(new Boolean[0]);
        }
        return values.stream().map(String::valueOf).toArray(String[]::new);
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config tree is not serialisable", e);
        }
    }

    /** The tree without wrappers: Secrets and JsonValues replaced by their values. */
    static Object plain(Object value) {
        Object v = Secret.unwrap(value);
        if (v instanceof JsonValue json) {
            return plain(json.value());
        } else if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        } else if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }
}

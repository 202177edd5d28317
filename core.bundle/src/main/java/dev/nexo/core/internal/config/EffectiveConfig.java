package dev.nexo.core.internal.config;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated, placeholder-resolved configuration with every default filled in. Values are
 * plain maps and lists; placeholder-derived scalars are {@link Secret}s.
 *
 * @param dir the config dir, or null for zero-config
 * @param roots each file's root mapping by kind (defaults only when the file is absent); the
 *              agents kinds are merged into {@code agents} instead
 * @param agents agents.yaml then agents.d/*.yaml in file-name order
 * @param sources the file each kind was read from (absent kinds are missing)
 * @param locations where each mapping was read (identity-keyed), for messages and sources
 */
public record EffectiveConfig(Path dir, Map<FileKind, Map<String, Object>> roots, List<Map<String, Object>> agents,
        Map<FileKind, String> sources, IdentityHashMap<Object, Location> locations) {

    /** Source label used for configurations that come from defaults only. */
    public static final String DEFAULTS = "<defaults>";

    @SuppressWarnings("unchecked")
    Map<String, Object> section(FileKind kind, String key) {
        Object value = roots.get(kind).get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    Map<String, Object> root(FileKind kind) {
        return roots.get(kind);
    }

    /** The channel instances of telegram or whatsapp: a single mapping is a list of one. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> instances(FileKind kind, String key) {
        Object value = roots.get(kind).get(key);
        if (value instanceof Map<?, ?> single) {
            return List.of((Map<String, Object>) single);
        }
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    String sourceOf(FileKind kind) {
        return sources.getOrDefault(kind, DEFAULTS);
    }

    Location locationOf(Object value) {
        return locations.get(value);
    }
}

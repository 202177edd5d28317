package dev.nexo.core.internal.agent;

import java.util.List;

/**
 * The seed's allowlist globs: an entry is an exact name, {@code *} (everything), or a prefix
 * ending in {@code *} ({@code memory_*}). An empty list means "no restriction".
 */
public final class Globs {
    private Globs() {
    }

    /**
     * @param patterns allowlist entries; empty = everything allowed
     * @param name the name to test
     * @return whether {@code name} is allowed
     */
    public static boolean allows(List<String> patterns, String name) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String p : patterns) {
            if (matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String name) {
        if (pattern.endsWith("*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }
}

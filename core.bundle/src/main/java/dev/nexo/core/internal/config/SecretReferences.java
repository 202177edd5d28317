package dev.nexo.core.internal.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * The configuration's placeholder rules ({@link Placeholders}) for callers outside the config
 * package, such as the run-time secrets service: one implementation of what a {@code ${file:}}
 * reference may read.
 */
public final class SecretReferences {
    private final Placeholders placeholders;

    /**
     * @param configDir the config dir {@code ${file:}} paths are relative to, or null
     * @param env environment lookup
     */
    public SecretReferences(Path configDir, Function<String, String> env) {
        this.placeholders = new Placeholders(configDir, env);
    }

    /**
     * @param text text that may hold references
     * @param where what the text belongs to, named in error messages
     * @return the resolved text
     * @throws IllegalArgumentException for a refused or unresolvable reference (the message names no value)
     */
    public String resolve(String text, String where) {
        if (text == null || !Placeholders.hasPlaceholder(text)) {
            return text;
        }
        try {
            return placeholders.resolve(text, where);
        } catch (Placeholders.PlaceholderException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}

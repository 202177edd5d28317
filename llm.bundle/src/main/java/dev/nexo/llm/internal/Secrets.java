package dev.nexo.llm.internal;

import java.util.regex.Pattern;

/**
 * Keeps API keys out of messages: removes the configured key verbatim and anything shaped like a
 * vendor key (providers echo a masked key in 401 bodies, e.g. {@code sk-abc***xyz}).
 */
final class Secrets {
    private static final Pattern KEY_SHAPES = Pattern.compile(
            "(sk-[A-Za-z0-9_*\\-]{3,}|AIza[A-Za-z0-9_\\-]{10,}|Bearer\\s+[A-Za-z0-9._\\-]+)");
    private static final int MAX_MESSAGE = 300;

    private final String key;

    /** @param key the configured API key, possibly empty */
    Secrets(String key) {
        this.key = key == null ? "" : key;
    }

    /** @return {@code text} without the key or key-shaped tokens, shortened to a log-friendly size */
    String scrub(String text) {
        if (text == null) {
            return "";
        }
        String out = key.length() >= 4 ? text.replace(key, "[REDACTED]") : text;
        out = KEY_SHAPES.matcher(out).replaceAll("[REDACTED]");
        return out.length() > MAX_MESSAGE ? out.substring(0, MAX_MESSAGE) + "…" : out;
    }
}

package dev.nexo.memory.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;

/**
 * Refuses or redacts text that looks like a credential before it is stored (the book's
 * {@code memory.secret_guard}). Rule ids are kebab-case and stable: operators exclude them by id.
 */
final class SecretGuard {
    /** What to do on a match. */
    enum Action { BLOCK, REDACT, WARN }

    static final Map<String, Pattern> RULES = new LinkedHashMap<>();

    static {
        RULES.put("private-key", Pattern.compile(
                "-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----[\\s\\S]*?(?:-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----|\\z)"));
        RULES.put("anthropic-api-key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"));
        RULES.put("openai-api-key", Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"));
        RULES.put("github-pat", Pattern.compile("\\bgithub_pat_[A-Za-z0-9_]{22,}"));
        RULES.put("github-token", Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}"));
        RULES.put("aws-access-token", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"));
        RULES.put("slack-token", Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}"));
        RULES.put("google-api-key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"));
    }

    private final boolean enabled;
    private final Action action;
    private final Map<String, Pattern> active;

    SecretGuard(boolean enabled, String onSecret, List<String> rules, List<String> exclude) {
        this.enabled = enabled;
        try {
            this.action = Action.valueOf(onSecret.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("memory.secret_guard.on_secret must be block, redact or warn: " + onSecret, e);
        }
        boolean all = rules.isEmpty() || rules.contains("all");
        for (String r : rules) {
            if (!"all".equals(r) && !RULES.containsKey(r)) {
                throw new IllegalArgumentException("unknown memory.secret_guard rule: " + r + " (known: " + RULES.keySet() + ')');
            }
        }
        Set<String> excluded = Set.copyOf(exclude);
        this.active = new LinkedHashMap<>();
        RULES.forEach((id, p) -> {
            if ((all || rules.contains(id)) && !excluded.contains(id)) {
                active.put(id, p);
            }
        });
    }

    /** @return a guard with the secure defaults (on, block, every rule) */
    static SecretGuard defaults() {
        return new SecretGuard(true, "block", List.of("all"), List.of());
    }

    /** The checked text and the rules that matched. */
    record Outcome(String text, List<String> matchedRules) {
    }

    /**
     * @param text the text to store
     * @return the text to store (redacted when so configured) and the matched rule ids
     * @throws MemoryException with {@link MemoryErrorCode#SECRET_DETECTED} when blocking
     */
    Outcome check(String text) {
        if (!enabled) {
            return new Outcome(text, List.of());
        }
        List<String> matched = new ArrayList<>();
        String out = text;
        for (Map.Entry<String, Pattern> e : active.entrySet()) {
            Matcher m = e.getValue().matcher(out);
            if (m.find()) {
                matched.add(e.getKey());
                out = m.replaceAll(Matcher.quoteReplacement("[REDACTED:" + e.getKey() + ']'));
            }
        }
        if (matched.isEmpty()) {
            return new Outcome(text, List.of());
        }
        switch (action) {
            case BLOCK:
                // the message names the rules only: never the matched text
                throw new MemoryException(MemoryErrorCode.SECRET_DETECTED,
                        "the text looks like a credential (" + String.join(", ", matched) + ") and was not stored", null);
            case REDACT:
                return new Outcome(out, List.copyOf(matched));
            default:
                return new Outcome(text, List.copyOf(matched));
        }
    }
}

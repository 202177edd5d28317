package dev.nexo.api.event;

/**
 * A compiled subscription pattern with NATS semantics.
 *
 * <p>A pattern is a topic whose tokens may also be {@code *} (exactly one token) or, as the last
 * token only, {@code >} (one or more remaining tokens). So {@code plugin.inbound.>} matches
 * {@code plugin.inbound.whatsapp} and {@code plugin.inbound.telegram.sales_bot} but not
 * {@code plugin.inbound}; {@code plugin.*.telegram} matches {@code plugin.inbound.telegram} only.
 *
 * <p>Instances are immutable and thread-safe. {@link #matches(String)} allocates nothing, since it
 * runs for every subscription on every published event.
 */
public final class TopicPattern {
    private static final byte TOKEN = 0;
    private static final byte STAR = 1;
    private static final byte TAIL = 2;

    private final String pattern;
    private final boolean literal;
    /** The pattern's tokens, split once at compile time; {@code null} where a wildcard stands. */
    private final String[] tokens;
    private final byte[] kinds;

    private TopicPattern(String pattern, boolean literal, String[] tokens, byte[] kinds) {
        this.pattern = pattern;
        this.literal = literal;
        this.tokens = tokens;
        this.kinds = kinds;
    }

    /**
     * @param pattern the pattern text
     * @return the compiled pattern
     * @throws IllegalArgumentException if the pattern is malformed
     */
    public static TopicPattern compile(String pattern) {
        if (pattern == null || pattern.isEmpty() || pattern.length() > Topics.MAX_LENGTH) {
            throw invalid(pattern, "length must be 1.." + Topics.MAX_LENGTH);
        }
        boolean literal = true;
        java.util.List<String> tokens = new java.util.ArrayList<>();
        java.util.List<Byte> kinds = new java.util.ArrayList<>();
        int start = 0;
        while (start <= pattern.length()) {
            int dot = pattern.indexOf('.', start);
            int end = dot < 0 ? pattern.length() : dot;
            if (isWildcard(pattern, start, end, '*')) {
                literal = false;
                tokens.add(null);
                kinds.add(STAR);
            } else if (isWildcard(pattern, start, end, '>')) {
                if (dot >= 0) {
                    throw invalid(pattern, "'>' must be the last token");
                }
                literal = false;
                tokens.add(null);
                kinds.add(TAIL);
            } else if (!Topics.isToken(pattern, start, end)) {
                throw invalid(pattern, "tokens are [A-Za-z0-9_-], '*' or a final '>'");
            } else {
                tokens.add(pattern.substring(start, end));
                kinds.add(TOKEN);
            }
            start = end + 1;
        }
        byte[] k = new byte[kinds.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = kinds.get(i);
        }
        return new TopicPattern(pattern, literal, tokens.toArray(new String[0]), k);
    }

    /**
     * Shorthand for {@code compile(pattern).matches(topic)}; compile once where it matters.
     *
     * @param pattern the pattern text
     * @param topic a concrete topic
     * @return whether the topic matches
     */
    public static boolean matches(String pattern, String topic) {
        return compile(pattern).matches(topic);
    }

    /** @return whether the pattern has no wildcard, i.e. matches exactly one topic */
    public boolean isLiteral() {
        return literal;
    }

    /**
     * @param topic a concrete topic; null or malformed input does not match reliably-valid
     *     patterns but is not rejected, since validation belongs to the publisher
     * @return whether the topic matches this pattern
     */
    public boolean matches(String topic) {
        if (topic == null) {
            return false;
        }
        if (literal) {
            return pattern.equals(topic);
        }
        // one pass over the topic against the pre-split tokens: no allocation, no re-scan of the pattern
        final String[] toks = tokens;
        final byte[] k = kinds;
        final int last = k.length - 1;
        final int tlen = topic.length();
        int t = 0; // start of the current topic token
        for (int i = 0;; i++) {
            byte kind = k[i];
            if (kind == TAIL) {
                return t < tlen;
            }
            int end;
            if (kind == STAR) {
                end = topic.indexOf('.', t);
                if (end < 0) {
                    end = tlen;
                }
                if (end == t) {
                    return false; // an empty topic token
                }
            } else {
                String tok = toks[i];
                end = t + tok.length();
                if (end > tlen || !topic.startsWith(tok, t) || (end < tlen && topic.charAt(end) != '.')) {
                    return false;
                }
            }
            if (i == last) {
                return end == tlen;
            }
            if (end == tlen) {
                return false; // the pattern has more tokens than the topic
            }
            t = end + 1;
        }
    }

    private static boolean isWildcard(String s, int start, int end, char wildcard) {
        return end - start == 1 && s.charAt(start) == wildcard;
    }

    private static IllegalArgumentException invalid(String pattern, String why) {
        return new IllegalArgumentException("invalid topic pattern " + Ids.quote(pattern) + ": " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPattern && ((TopicPattern) o).pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    /** @return the pattern text */
    @Override
    public String toString() {
        return pattern;
    }
}

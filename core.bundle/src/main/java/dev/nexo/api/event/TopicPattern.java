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
    private final String pattern;
    private final boolean literal;

    private TopicPattern(String pattern, boolean literal) {
        this.pattern = pattern;
        this.literal = literal;
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
        int start = 0;
        while (start <= pattern.length()) {
            int dot = pattern.indexOf('.', start);
            int end = dot < 0 ? pattern.length() : dot;
            if (isWildcard(pattern, start, end, '*')) {
                literal = false;
            } else if (isWildcard(pattern, start, end, '>')) {
                if (dot >= 0) {
                    throw invalid(pattern, "'>' must be the last token");
                }
                literal = false;
            } else if (!Topics.isToken(pattern, start, end)) {
                throw invalid(pattern, "tokens are [A-Za-z0-9_-], '*' or a final '>'");
            }
            start = end + 1;
        }
        return new TopicPattern(pattern, literal);
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
        final int plen = pattern.length();
        final int tlen = topic.length();
        int p = 0;
        int t = 0;
        while (true) {
            // p and t each sit at the start of a token.
            if (pattern.charAt(p) == '>') {
                return t < tlen;
            }
            int tEnd = topic.indexOf('.', t);
            if (tEnd < 0) {
                tEnd = tlen;
            }
            int pEnd = pattern.indexOf('.', p);
            if (pEnd < 0) {
                pEnd = plen;
            }
            if (tEnd == t) {
                return false;
            }
            boolean star = pEnd - p == 1 && pattern.charAt(p) == '*';
            if (!star && !sameToken(topic, t, tEnd, p, pEnd)) {
                return false;
            }
            if (pEnd == plen || tEnd == tlen) {
                return pEnd == plen && tEnd == tlen;
            }
            p = pEnd + 1;
            t = tEnd + 1;
        }
    }

    private boolean sameToken(String topic, int t, int tEnd, int p, int pEnd) {
        return tEnd - t == pEnd - p && pattern.regionMatches(p, topic, t, pEnd - p);
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

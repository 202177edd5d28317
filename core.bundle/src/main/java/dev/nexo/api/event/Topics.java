package dev.nexo.api.event;

/**
 * Topic names: syntax rules and builders for the well-known namespace.
 *
 * <p>A topic is a dot-separated list of tokens, e.g. {@code plugin.inbound.telegram.sales_bot}.
 * Each token is 1 to {@value #MAX_TOKEN_LENGTH} characters from {@code [A-Za-z0-9_-]}; the whole
 * topic is at most {@value #MAX_LENGTH} characters. Concrete topics never contain the wildcards
 * {@code *} or {@code >}; those belong to {@link TopicPattern}s.
 *
 * <p>Well-known topics (from the nexo subject namespace):
 * <table>
 * <caption>Topics</caption>
 * <tr><th>topic</th><th>published by</th><th>carries</th></tr>
 * <tr><td>{@code plugin.inbound.<kind>[.<instance>]}</td><td>channels</td>
 *     <td>inbound messages and channel events</td></tr>
 * <tr><td>{@code plugin.outbound.<kind>[.<instance>]}</td><td>agents</td>
 *     <td>outbound messages for a channel</td></tr>
 * <tr><td>{@code plugin.delivery.<kind>[.<instance>]}</td><td>channels</td>
 *     <td>delivery receipts (sent, delivered, read, failed)</td></tr>
 * <tr><td>{@code plugin.health.<kind>[.<instance>]}</td><td>channels, plugins</td>
 *     <td>health snapshots</td></tr>
 * <tr><td>{@code plugin.lifecycle.<id>.<phase>}</td><td>the plugin supervisor</td>
 *     <td>crashed, respawning, respawned, gave_up, restarted_manually</td></tr>
 * <tr><td>{@code agent.route.<agentId>}</td><td>agents</td><td>agent-to-agent delegation</td></tr>
 * <tr><td>{@code agent.events.<agentId>[.<suffix>]}</td><td>the runtime</td>
 *     <td>agent activity, heartbeats</td></tr>
 * </table>
 */
public final class Topics {
    /** Longest topic accepted, in characters. */
    public static final int MAX_LENGTH = 255;
    /** Longest single token accepted, in characters. */
    public static final int MAX_TOKEN_LENGTH = 64;

    /** Prefix of topics on which channels publish inbound traffic. */
    public static final String INBOUND = "plugin.inbound";
    /** Prefix of topics on which agents publish traffic for channels to send. */
    public static final String OUTBOUND = "plugin.outbound";
    /** Prefix of topics on which channels publish delivery receipts. */
    public static final String DELIVERY = "plugin.delivery";
    /** Prefix of topics carrying health snapshots. */
    public static final String HEALTH = "plugin.health";
    /** Prefix of topics on which the plugin supervisor reports lifecycle changes. */
    public static final String LIFECYCLE = "plugin.lifecycle";
    /** Prefix of agent-to-agent delegation topics. */
    public static final String AGENT_ROUTE = "agent.route";
    /** Prefix of agent activity topics. */
    public static final String AGENT_EVENTS = "agent.events";

    private Topics() {
    }

    /**
     * @param topic candidate topic, may be null
     * @return whether {@code topic} is a valid concrete topic (no wildcards)
     */
    public static boolean isValid(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > MAX_LENGTH) {
            return false;
        }
        int start = 0;
        while (true) {
            int end = topic.indexOf('.', start);
            int stop = end < 0 ? topic.length() : end;
            if (!isToken(topic, start, stop)) {
                return false;
            }
            if (end < 0) {
                return true;
            }
            start = end + 1;
        }
    }

    /**
     * @param topic the topic to check
     * @return {@code topic}, unchanged
     * @throws IllegalArgumentException if it is not a valid concrete topic
     */
    public static String require(String topic) {
        if (!isValid(topic)) {
            throw new IllegalArgumentException("invalid topic " + Ids.quote(topic)
                    + ": expected dot-separated tokens of [A-Za-z0-9_-], no wildcards, at most "
                    + MAX_LENGTH + " characters");
        }
        return topic;
    }

    /**
     * @param token candidate single token (a channel kind, an instance name, an agent id)
     * @return whether it can be used as one topic token
     */
    public static boolean isToken(String token) {
        return token != null && isToken(token, 0, token.length());
    }

    /**
     * @param token the token to check
     * @param what what the token names, for the error message (e.g. {@code "channel kind"})
     * @return {@code token}, unchanged
     * @throws IllegalArgumentException if it is not a valid token
     */
    public static String requireToken(String token, String what) {
        if (!isToken(token)) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_TOKEN_LENGTH
                    + " characters of [A-Za-z0-9_-]: " + Ids.quote(token));
        }
        return token;
    }

    /** @return {@code plugin.inbound.<kind>} */
    public static String inbound(String kind) {
        return join(INBOUND, kind, null);
    }

    /**
     * @param kind channel kind, e.g. {@code telegram}
     * @param instance instance name, or null for the bare (single-account) topic
     * @return {@code plugin.inbound.<kind>[.<instance>]}
     */
    public static String inbound(String kind, String instance) {
        return join(INBOUND, kind, instance);
    }

    /** @return {@code plugin.outbound.<kind>} */
    public static String outbound(String kind) {
        return join(OUTBOUND, kind, null);
    }

    /** @return {@code plugin.outbound.<kind>[.<instance>]}; a null instance gives the bare topic */
    public static String outbound(String kind, String instance) {
        return join(OUTBOUND, kind, instance);
    }

    /** @return {@code plugin.delivery.<kind>[.<instance>]}; a null instance gives the bare topic */
    public static String delivery(String kind, String instance) {
        return join(DELIVERY, kind, instance);
    }

    /** @return {@code plugin.health.<kind>[.<instance>]}; a null instance gives the bare topic */
    public static String health(String kind, String instance) {
        return join(HEALTH, kind, instance);
    }

    /**
     * @param pluginId the supervised plugin's id
     * @param phase e.g. {@code crashed}, {@code respawning}, {@code respawned}, {@code gave_up}
     * @return {@code plugin.lifecycle.<pluginId>.<phase>}
     */
    public static String lifecycle(String pluginId, String phase) {
        return LIFECYCLE + '.' + requireToken(pluginId, "plugin id") + '.'
                + requireToken(phase, "lifecycle phase");
    }

    /** @return {@code agent.route.<agentId>}, the delegation inbox of an agent */
    public static String agentRoute(String agentId) {
        return AGENT_ROUTE + '.' + requireToken(agentId, "agent id");
    }

    /** @return {@code agent.events.<agentId>} */
    public static String agentEvents(String agentId) {
        return AGENT_EVENTS + '.' + requireToken(agentId, "agent id");
    }

    private static String join(String prefix, String kind, String instance) {
        String base = prefix + '.' + requireToken(kind, "channel kind");
        return instance == null ? base : base + '.' + requireToken(instance, "channel instance");
    }

    static boolean isToken(CharSequence s, int start, int end) {
        int length = end - start;
        if (length < 1 || length > MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-';
    }
}

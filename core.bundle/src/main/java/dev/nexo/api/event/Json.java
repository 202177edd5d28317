package dev.nexo.api.event;

/**
 * A cheap plausibility check for raw JSON text held by API value types.
 *
 * <p>The API deliberately carries JSON as {@code String} so that no JSON library version is tied
 * to it. Full parsing is the receiver's job; this only rejects text that cannot possibly be a JSON
 * value (null, blank, unbalanced outer brackets or quotes, or not starting the way a JSON value starts), which catches the
 * common mistake of passing plain prose where JSON is expected.
 */
public final class Json {
    /** The empty JSON object, the default payload. */
    public static final String EMPTY_OBJECT = "{}";

    private Json() {
    }

    /**
     * @param json candidate JSON text, may be null
     * @return whether it plausibly holds one JSON value
     */
    public static boolean isPlausible(String json) {
        if (json == null) {
            return false;
        }
        String t = json.strip();
        if (t.isEmpty()) {
            return false;
        }
        char first = t.charAt(0);
        char last = t.charAt(t.length() - 1);
        switch (first) {
            case '{': return last == '}';
            case '[': return last == ']';
            case '"': return t.length() > 1 && last == '"';
            case 't': return t.equals("true");
            case 'f': return t.equals("false");
            case 'n': return t.equals("null");
            default: return first == '-' || (first >= '0' && first <= '9');
        }
    }

    /**
     * @param json the JSON text to check
     * @param what what the JSON is, for the error message (e.g. {@code "payload"})
     * @return {@code json}, unchanged
     * @throws IllegalArgumentException if it is not plausibly JSON
     */
    public static String require(String json, String what) {
        if (!isPlausible(json)) {
            String shown = json == null ? "null" : json.length() > 40 ? json.substring(0, 40) + "…" : json;
            throw new IllegalArgumentException(what + " must be JSON text: " + Ids.quote(shown));
        }
        return json;
    }
}

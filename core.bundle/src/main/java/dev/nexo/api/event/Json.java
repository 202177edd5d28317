package dev.nexo.api.event;

/**
 * A cheap plausibility check for raw JSON text held by API value types.
 *
 * <p>The API deliberately carries JSON as {@code String} so that no JSON library version is tied
 * to it. Full parsing is the receiver's job; this only rejects text that cannot possibly be a JSON
 * value (null, blank, or starting with a character no JSON value starts with), which catches the
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
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isWhitespace(c)) {
                return "{[\"-0123456789tfn".indexOf(c) >= 0;
            }
        }
        return false;
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

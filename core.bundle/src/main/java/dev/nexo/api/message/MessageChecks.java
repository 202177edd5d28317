package dev.nexo.api.message;

/** Validation shared by the message builders. */
final class MessageChecks {
    private MessageChecks() {
    }

    static String extraKey(String key) {
        if (key == null || key.isBlank() || key.length() > 128) {
            throw new IllegalArgumentException("extra key must be 1..128 non-blank characters: " + key);
        }
        return key;
    }
}

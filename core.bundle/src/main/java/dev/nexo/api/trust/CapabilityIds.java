package dev.nexo.api.trust;

/** Syntax of capability ids: dot-separated lower-case segments, e.g. {@code telegram.send_message}. */
final class CapabilityIds {
    private CapabilityIds() {
    }

    static String require(String id) {
        if (id == null || id.isEmpty() || id.length() > 128 || !id.matches("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*")) {
            throw new IllegalArgumentException("capability id must be dot-separated [a-z0-9_-] segments, "
                    + "starting with a letter, at most 128 characters: " + id);
        }
        return id;
    }
}

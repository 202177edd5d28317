package dev.nexo.api.event;

import java.util.UUID;

/**
 * Rules for identifiers carried on the wire: event ids, message ids, correlation ids, session ids.
 *
 * <p>An id is opaque text chosen by its producer (a UUID, a Telegram {@code message_id}, an email
 * {@code Message-ID}). It must be non-blank, at most {@value #MAX_LENGTH} characters long and free
 * of control characters, so it can safely go into logs, headers and database keys.
 */
public final class Ids {
    /** Longest id accepted, in UTF-16 characters. */
    public static final int MAX_LENGTH = 512;

    private Ids() {
    }

    /** @return a fresh random id (a UUID in its canonical text form) */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * @param id candidate id, may be null
     * @return whether {@code id} is a valid id
     */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.isBlank()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param id the id to check
     * @param what what the id names, used in the error message (e.g. {@code "event id"})
     * @return {@code id}, unchanged
     * @throws IllegalArgumentException if {@code id} is not a valid id
     */
    public static String require(String id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " must be non-blank, at most " + MAX_LENGTH
                    + " characters and free of control characters: " + quote(id));
        }
        return id;
    }

    static String quote(String s) {
        return s == null ? "null" : '"' + s + '"';
    }
}

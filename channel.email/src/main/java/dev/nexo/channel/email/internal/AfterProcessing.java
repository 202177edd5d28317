package dev.nexo.channel.email.internal;

import java.util.Locale;

/** What happens to an inbound message on the server once it was handed on (or deliberately dropped). */
public enum AfterProcessing {
    /** Set the \Seen flag. */
    SEEN,
    /** Move it to the archive folder. */
    MOVE,
    /** Leave it untouched (read with PEEK). */
    NONE;

    /**
     * @param wire {@code seen}, {@code move} or {@code none}
     * @return the value
     */
    public static AfterProcessing of(String wire) {
        return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
}

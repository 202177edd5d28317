package dev.nexo.channel.email.internal;

import java.util.Locale;

/** Transport security of one IMAP or SMTP endpoint. */
public enum Tls {
    /** TLS from the first byte (IMAPS 993, SMTPS 465). */
    IMPLICIT_TLS,
    /** Plain connect, then STARTTLS, required. */
    STARTTLS,
    /** No TLS: loopback test servers only. */
    PLAIN;

    /**
     * @param wire {@code implicit_tls}, {@code starttls} or {@code plain}
     * @return the value
     */
    public static Tls of(String wire) {
        return valueOf(wire.trim().toUpperCase(Locale.ROOT));
    }
}

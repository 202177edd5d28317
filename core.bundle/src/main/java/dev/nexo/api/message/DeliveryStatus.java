package dev.nexo.api.message;

import java.util.Locale;

/**
 * Where an outbound message is on its way to the recipient. Statuses only move forward
 * ({@code SENT → DELIVERED → READ}); {@link #FAILED} is final. Channels without delivery feedback
 * only ever report {@link #SENT} or {@link #FAILED}.
 */
public enum DeliveryStatus {
    /** Accepted by the remote service (Telegram returned a message id, SMTP accepted the mail). */
    SENT,
    /** Reached the recipient's device (WhatsApp double tick). */
    DELIVERED,
    /** Seen by the recipient (WhatsApp read receipt). */
    READ,
    /** Could not be delivered; the receipt carries the reason. */
    FAILED;

    /** @return the lower-case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a wire name
     * @return the status
     * @throws IllegalArgumentException for an unknown name
     */
    public static DeliveryStatus fromWire(String wire) {
        for (DeliveryStatus s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown delivery status: " + wire);
    }

    /** @return whether no later status can follow */
    public boolean isFinal() {
        return this == READ || this == FAILED;
    }
}

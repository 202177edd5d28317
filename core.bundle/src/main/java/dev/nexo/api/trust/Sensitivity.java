package dev.nexo.api.trust;

import java.util.Locale;

/** How much harm a capability can do; decides approval and whether a grant may stand. */
public enum Sensitivity {
    /** Reads data. Grants may be standing once approved. */
    READ,
    /** Changes data or sends on someone's behalf. Pends for a human; may then stand. */
    WRITE,
    /** Runs code or commands. Pends for a human every time; never standing. */
    EXECUTE;

    /** @return the lower-case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param wire a wire name
     * @return the sensitivity
     * @throws IllegalArgumentException for an unknown name
     */
    public static Sensitivity fromWire(String wire) {
        for (Sensitivity s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown sensitivity: " + wire);
    }

    /** @return whether a new grant needs a human's approval (write and execute) */
    public boolean requiresApproval() {
        return this != READ;
    }

    /** @return whether a grant for this sensitivity may outlive one use */
    public boolean mayStand() {
        return this != EXECUTE;
    }
}

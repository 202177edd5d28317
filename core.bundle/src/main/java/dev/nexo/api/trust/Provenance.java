package dev.nexo.api.trust;

import java.util.Locale;

/** Where a capability's code comes from; shown to the approver and recorded in the audit trail. */
public enum Provenance {
    /** Shipped with Nexo itself. */
    FIRST_PARTY,
    /** An OSGi bundle an operator installed into the container. */
    INSTALLED_BUNDLE,
    /** An out-of-process plugin speaking the JSON-RPC plugin contract. */
    SUBPROCESS_PLUGIN,
    /** A tool served by an external MCP server. */
    MCP_SERVER;

    /** @return the kebab-case wire name, e.g. {@code installed-bundle} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param wire a wire name
     * @return the provenance
     * @throws IllegalArgumentException for an unknown name
     */
    public static Provenance fromWire(String wire) {
        for (Provenance p : values()) {
            if (p.wireName().equals(wire)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provenance: " + wire);
    }
}

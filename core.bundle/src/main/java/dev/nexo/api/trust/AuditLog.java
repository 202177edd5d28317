package dev.nexo.api.trust;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable, append-only audit trail: one row per privileged action and per trust decision,
 * denials included, chained by hash so tampering is detectable. Arguments are redacted and only
 * their hash is stored. Implemented by Nexo; any bundle may record through it.
 */
@ProviderType
public interface AuditLog {
    /** Outcome written for a refused action. */
    String DENIED = "denied";
    /** Outcome written for an action that went ahead. */
    String ALLOWED = "allowed";

    /**
     * Appends one row. Never throws for a well-formed call; a storage failure is logged.
     *
     * @param actor who acted: an agent id, {@code admin}, {@code policy} or a bundle symbolic name
     * @param action what: a capability id or an admin action such as {@code bundle.install}
     * @param outcome e.g. {@link #ALLOWED}, {@link #DENIED}, {@code pending}, {@code approved}
     * @param argumentsJson the action's arguments as JSON text, or null; only a hash of the redacted form is kept
     */
    void record(String actor, String action, String outcome, String argumentsJson);
}

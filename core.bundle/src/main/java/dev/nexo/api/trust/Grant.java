package dev.nexo.api.trust;

import dev.nexo.api.event.Ids;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Permission for one subject (an agent) to use one capability, for one trust window. Construction
 * enforces the standing rule: a grant for an {@link Sensitivity#EXECUTE} capability can only be
 * {@link TrustWindow#ONCE}. Grants are visible and revocable in the core's ledger.
 */
public final class Grant {
    private final String id;
    private final String capabilityId;
    private final Sensitivity sensitivity;
    private final String subjectId;
    private final TrustWindow window;
    private final Instant grantedAt;
    private final String grantedBy;
    private final Instant revokedAt;

    private Grant(String id, String capabilityId, Sensitivity sensitivity, String subjectId, TrustWindow window,
            Instant grantedAt, String grantedBy, Instant revokedAt) {
        this.id = Ids.require(id, "grant id");
        this.capabilityId = CapabilityIds.require(capabilityId);
        this.sensitivity = Objects.requireNonNull(sensitivity, "sensitivity");
        this.subjectId = Ids.require(subjectId, "grant subject");
        this.window = Objects.requireNonNull(window, "window");
        if (!window.isAllowedFor(sensitivity)) {
            throw new IllegalArgumentException("a " + sensitivity.wireName() + " capability cannot have a standing grant ("
                    + window.wireName() + "); only once is allowed");
        }
        this.grantedAt = Objects.requireNonNull(grantedAt, "grantedAt");
        this.grantedBy = Ids.require(grantedBy, "grantor");
        if (revokedAt != null && revokedAt.isBefore(grantedAt)) {
            throw new IllegalArgumentException("grant revoked before it was granted");
        }
        this.revokedAt = revokedAt;
    }

    /**
     * @param id ledger id
     * @param capability the capability granted
     * @param subjectId the agent receiving it
     * @param window how long it lasts; must be allowed for the capability's sensitivity
     * @param grantedAt approval time
     * @param grantedBy who approved: an operator name, or {@code policy} for automatic read grants
     * @return the grant
     * @throws IllegalArgumentException if the window is standing and the capability is execute
     */
    public static Grant of(String id, Capability capability, String subjectId, TrustWindow window,
            Instant grantedAt, String grantedBy) {
        return new Grant(id, capability.id(), capability.sensitivity(), subjectId, window, grantedAt, grantedBy, null);
    }

    /**
     * @param at revocation time (also used when a {@link TrustWindow#ONCE} grant is spent)
     * @return a revoked copy
     */
    public Grant revokedAt(Instant at) {
        return new Grant(id, capabilityId, sensitivity, subjectId, window, grantedAt, grantedBy, Objects.requireNonNull(at));
    }

    /** @return the ledger id */
    public String id() {
        return id;
    }

    /** @return the granted capability's id */
    public String capabilityId() {
        return capabilityId;
    }

    /** @return the capability's sensitivity when granted */
    public Sensitivity sensitivity() {
        return sensitivity;
    }

    /** @return the agent holding the grant */
    public String subjectId() {
        return subjectId;
    }

    /** @return the trust window */
    public TrustWindow window() {
        return window;
    }

    /** @return approval time */
    public Instant grantedAt() {
        return grantedAt;
    }

    /** @return who approved */
    public String grantedBy() {
        return grantedBy;
    }

    /** @return when the window ends, for fixed-length windows */
    public Optional<Instant> expiresAt() {
        return window.expiryFrom(grantedAt);
    }

    /** @return when it was revoked or spent, if it was */
    public Optional<Instant> revokedAt() {
        return Optional.ofNullable(revokedAt);
    }

    /**
     * @param now the current time
     * @return whether the grant allows a call at {@code now}: not revoked and not expired
     */
    public boolean isActiveAt(Instant now) {
        if (revokedAt != null && !now.isBefore(revokedAt)) {
            return false;
        }
        return expiresAt().map(now::isBefore).orElse(true);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Grant)) {
            return false;
        }
        Grant g = (Grant) o;
        return id.equals(g.id) && capabilityId.equals(g.capabilityId) && sensitivity == g.sensitivity
                && subjectId.equals(g.subjectId) && window == g.window && grantedAt.equals(g.grantedAt)
                && grantedBy.equals(g.grantedBy) && Objects.equals(revokedAt, g.revokedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, capabilityId, subjectId);
    }

    @Override
    public String toString() {
        return "Grant[" + id + ", " + subjectId + " -> " + capabilityId + ", " + window.wireName()
                + (revokedAt == null ? "" : ", revoked") + ']';
    }
}

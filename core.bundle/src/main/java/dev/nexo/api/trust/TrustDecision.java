package dev.nexo.api.trust;

import dev.nexo.api.event.Ids;
import java.util.Objects;
import java.util.Optional;

/** The answer of {@link TrustPolicy#check}: allow, pending a human's approval, or deny. */
public final class TrustDecision {
    /** The three outcomes. */
    public enum Outcome {
        /** Go ahead. */
        ALLOW,
        /** A human must approve first; {@link #approvalId()} names the pending request. */
        PENDING,
        /** Refused; {@link #reason()} says why. */
        DENY
    }

    private final Outcome outcome;
    private final String reason;
    private final String grantId;
    private final String approvalId;

    private TrustDecision(Outcome outcome, String reason, String grantId, String approvalId) {
        this.outcome = outcome;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.grantId = grantId;
        this.approvalId = approvalId;
    }

    /**
     * @param grantId the active grant that allows it
     * @return an allow decision
     */
    public static TrustDecision allow(String grantId) {
        return new TrustDecision(Outcome.ALLOW, "granted", Ids.require(grantId, "grant id"), null);
    }

    /**
     * @param approvalId id of the approval request waiting for a human
     * @param reason why approval is needed, e.g. "write capability"
     * @return a pending decision
     */
    public static TrustDecision pending(String approvalId, String reason) {
        return new TrustDecision(Outcome.PENDING, requireReason(reason), null, Ids.require(approvalId, "approval id"));
    }

    /**
     * @param reason why, operator-readable (never echo secrets)
     * @return a deny decision
     */
    public static TrustDecision deny(String reason) {
        return new TrustDecision(Outcome.DENY, requireReason(reason), null, null);
    }

    /** @return the outcome */
    public Outcome outcome() {
        return outcome;
    }

    /** @return whether the call may proceed now */
    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }

    /** @return the reason; {@code granted} for allow */
    public String reason() {
        return reason;
    }

    /** @return the grant that allowed the call, for allow decisions */
    public Optional<String> grantId() {
        return Optional.ofNullable(grantId);
    }

    /** @return the pending approval, for pending decisions */
    public Optional<String> approvalId() {
        return Optional.ofNullable(approvalId);
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a pending or deny decision needs a reason");
        }
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrustDecision)) {
            return false;
        }
        TrustDecision d = (TrustDecision) o;
        return outcome == d.outcome && reason.equals(d.reason) && Objects.equals(grantId, d.grantId)
                && Objects.equals(approvalId, d.approvalId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, reason, grantId, approvalId);
    }

    @Override
    public String toString() {
        return "TrustDecision[" + outcome + ", " + reason + ']';
    }
}

package dev.nexo.api.trust;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The core's trust decision point. Default deny: a capability nobody registered, or one without an
 * active grant for the subject, is denied or sent for approval. Every decision is audited.
 * Implemented only by Nexo; extension bundles look it up and call it before privileged work
 * that the core does not already mediate.
 */
@ProviderType
public interface TrustPolicy {
    /**
     * Decides one use. {@link TrustWindow#ONCE} grants are spent by an allow decision.
     * Fast and non-blocking: it consults the in-memory ledger.
     *
     * @param request who wants what
     * @return allow, pending (an approval request now exists) or deny
     */
    TrustDecision check(AccessRequest request);

    /**
     * Waits for a human to decide a pending approval.
     *
     * @param approvalId from a {@link TrustDecision.Outcome#PENDING} decision
     * @return completes with allow or deny once decided (deny when the approval expires)
     */
    CompletionStage<TrustDecision> awaitApproval(String approvalId);

    /**
     * @param capabilityId a capability id
     * @return the registered capability, if any
     */
    Optional<Capability> capability(String capabilityId);

    /** @return every registered capability, a snapshot */
    Collection<Capability> capabilities();

    /**
     * Re-gating: a target was reconfigured (a channel account's endpoint or secret, a tool's bound
     * resource), so every grant for the capability, or for capabilities under it as a dotted
     * prefix, is revoked and audited.
     *
     * @param capabilityId a capability id, or a prefix such as {@code telegram.bot1}
     * @param reason why, operator-readable
     * @return how many grants were revoked
     * @since 1.1
     */
    int purgeGrants(String capabilityId, String reason);
}

package dev.nexo.plugin.host.internal.bridge;

import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal trust policy with the real one's contract (the auth bundle's service is private to it):
 * default deny — a known capability without a grant pends, an unknown one is denied — and one audit
 * row per decision.
 */
final class LedgerTrust implements TrustPolicy, AuditLog {
    record Row(String actor, String action, String outcome) {
    }

    final List<AccessRequest> checks = new CopyOnWriteArrayList<>();
    final List<Row> audit = new CopyOnWriteArrayList<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> granted = ConcurrentHashMap.newKeySet();
    private volatile boolean grantAll;

    /** @return a policy that has granted everything to everyone (for tests about the wire, not the gate) */
    static LedgerTrust grantingAll() {
        LedgerTrust t = new LedgerTrust();
        t.grantAll = true;
        return t;
    }

    LedgerTrust know(String capabilityId) {
        known.add(capabilityId);
        return this;
    }

    void grant(String agentId, String capabilityId) {
        granted.add(agentId + "|" + capabilityId);
    }

    PluginBridges.Trust asTrust() {
        return new PluginBridges.Trust(() -> this, () -> this);
    }

    @Override
    public TrustDecision check(AccessRequest request) {
        checks.add(request);
        TrustDecision d;
        if (!grantAll && !known.contains(request.capabilityId())) {
            d = TrustDecision.deny("unknown capability " + request.capabilityId());
        } else if (grantAll || granted.contains(request.subjectId() + "|" + request.capabilityId())) {
            d = TrustDecision.allow("g-1");
        } else {
            d = TrustDecision.pending("a-1", "write capability " + request.capabilityId() + " needs a human's approval");
        }
        record(request.subjectId(), request.capabilityId(), switch (d.outcome()) {
            case ALLOW -> ALLOWED;
            case PENDING -> "pending";
            case DENY -> DENIED;
        }, null);
        return d;
    }

    @Override
    public void record(String actor, String action, String outcome, String argumentsJson) {
        audit.add(new Row(actor, action, outcome));
    }

    @Override
    public CompletionStage<TrustDecision> awaitApproval(String approvalId) {
        return CompletableFuture.completedFuture(TrustDecision.deny("not in this test"));
    }

    @Override
    public Optional<Capability> capability(String capabilityId) {
        return Optional.empty();
    }

    @Override
    public Collection<Capability> capabilities() {
        return List.of();
    }

    @Override
    public int purgeGrants(String capabilityId, String reason) {
        return 0;
    }
}

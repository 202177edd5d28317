package dev.nexo.auth.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.AdminCredential;
import dev.nexo.api.trust.AuditLog;

/** Rotating the connection-key revokes everything: agent credentials, grants and pending approvals. */
@Component(service = KeyRotation.class)
public class KeyRotation {
    /** What a rotation revoked. */
    record Result(int tokens, int grants) {
    }

    private final AdminCredential key;
    private final AgentRegistry agents;
    private final TrustPolicyService policy;
    private final AuditLog audit;

    @Activate
    public KeyRotation(@Reference AdminCredential key, @Reference AgentRegistry agents, @Reference TrustPolicyService policy,
            @Reference AuditLog audit) {
        this.key = key;
        this.agents = agents;
        this.policy = policy;
        this.audit = audit;
    }

    Result rotate(String by) {
        key.rotate();
        audit.record(by, "connection_key.rotate", "ok", null);
        int tokens = agents.revokeAllCredentials(by);
        int grants = policy.revokeEverything(by);
        return new Result(tokens, grants);
    }
}

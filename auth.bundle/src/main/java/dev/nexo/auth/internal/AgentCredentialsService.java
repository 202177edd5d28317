package dev.nexo.auth.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.AdminCredential;
import dev.nexo.api.trust.AgentCredentials;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.AuditLog;

/**
 * Agent-token checks for agent-facing surfaces outside this bundle (the MCP server): the same
 * rule as the gateway's — agent tokens only, the connection-key refused and audited.
 */
@Component(service = AgentCredentials.class)
public class AgentCredentialsService implements AgentCredentials {
    private final AgentRegistry agents;
    private final AdminCredential adminKey;
    private final AuditLog audit;

    @Activate
    public AgentCredentialsService(@Reference AgentRegistry agents, @Reference AdminCredential adminKey, @Reference AuditLog audit) {
        this.agents = agents;
        this.adminKey = adminKey;
        this.audit = audit;
    }

    @Override
    public Optional<AgentPrincipal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        if (token.startsWith(Secrets.ADMIN_PREFIX) || adminKey.matches(token)) {
            audit.record("admin-key", "agent.auth", AuditLog.DENIED, null);
            return Optional.empty();
        }
        return agents.authenticate(token).map(i -> new AgentPrincipal(i.agentId(), i.tenant()));
    }
}

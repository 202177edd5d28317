package dev.nexo.api.trust;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks per-agent tokens ({@code nexo_agent_...}) for agent-facing surfaces other than the
 * auth bundle's own gateway, such as the MCP server. The connection-key is never an agent
 * credential: presenting it yields empty, exactly like an unknown token, and the refusal is audited.
 * Implemented only by Nexo.
 *
 * @since 1.2
 */
@ProviderType
public interface AgentCredentials {
    /**
     * @param token the bearer credential as presented, possibly null
     * @return who holds it, when it is a live agent token bound to the current connection-key epoch
     */
    Optional<AgentPrincipal> authenticate(String token);
}

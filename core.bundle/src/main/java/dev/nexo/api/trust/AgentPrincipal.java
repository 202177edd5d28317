package dev.nexo.api.trust;

import dev.nexo.api.event.Ids;

/**
 * An authenticated agent: the subject of trust decisions made on its behalf.
 *
 * @param agentId the agent, the {@link AccessRequest#subjectId() subject} of its calls
 * @param tenantId the agent's tenant
 * @since 1.2
 */
public record AgentPrincipal(String agentId, String tenantId) {
    /** Validates the ids. */
    public AgentPrincipal {
        Ids.require(agentId, "agent id");
        Ids.require(tenantId, "tenant id");
    }
}

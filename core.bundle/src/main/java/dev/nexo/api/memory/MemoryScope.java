package dev.nexo.api.memory;

import dev.nexo.api.event.Topics;

/**
 * Whose memories an operation touches: exactly one agent of exactly one tenant. Both parts are
 * required topic tokens, so there is no "all agents" or "all tenants" scope to widen into.
 *
 * @param tenantId the tenant
 * @param agentId the agent
 */
public record MemoryScope(String tenantId, String agentId) {
    /** Validates both ids. */
    public MemoryScope {
        Topics.requireToken(tenantId, "tenant id");
        Topics.requireToken(agentId, "agent id");
    }

    /** @return {@code tenant/agent}, for logs */
    @Override
    public String toString() {
        return tenantId + '/' + agentId;
    }
}

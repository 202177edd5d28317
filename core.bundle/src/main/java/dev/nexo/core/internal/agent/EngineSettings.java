package dev.nexo.core.internal.agent;

import dev.nexo.core.internal.agent.session.SessionStore;
import java.time.Duration;

/**
 * The runtime's knobs (component configuration {@code dev.nexo.agent.runtime}).
 *
 * @param sessionCap soft cap on live sessions
 * @param sessionTtl idle time after which a session ends
 * @param hookTimeout per-hook timeout
 * @param toolTimeout per-tool-call timeout
 * @param llmTimeout per-LLM-call timeout
 * @param drainTimeout longest wait for in-flight turns at shutdown
 * @param delegationTimeout longest wait for a delegated agent's answer
 */
public record EngineSettings(int sessionCap, Duration sessionTtl, Duration hookTimeout, Duration toolTimeout,
        Duration llmTimeout, Duration drainTimeout, Duration delegationTimeout) {
    /** The defaults (the seed's session cap and TTL, a 5 s hook timeout). */
    public static final EngineSettings DEFAULTS = new EngineSettings(SessionStore.DEFAULT_CAP,
            SessionStore.DEFAULT_TTL, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(120),
            Duration.ofSeconds(10), Duration.ofSeconds(60));

    /** @return a copy with another hook timeout */
    public EngineSettings withHookTimeout(Duration d) {
        return new EngineSettings(sessionCap, sessionTtl, d, toolTimeout, llmTimeout, drainTimeout, delegationTimeout);
    }

    /** @return a copy with another session cap and TTL */
    public EngineSettings withSessions(int cap, Duration ttl) {
        return new EngineSettings(cap, ttl, hookTimeout, toolTimeout, llmTimeout, drainTimeout, delegationTimeout);
    }

}

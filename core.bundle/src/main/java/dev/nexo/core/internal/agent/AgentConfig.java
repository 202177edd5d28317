package dev.nexo.core.internal.agent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's configuration, immutable: a turn takes the instance current when it starts and
 * keeps it, so a hot reload applies from the next message and an in-flight turn finishes on the
 * old config. Built from the {@code dev.nexo.agent~<id>} factory configuration by
 * {@link AgentConfigParser}.
 *
 * @param id agent id
 * @param tenant tenant id (the seed's {@code account_id}); {@code default} unless configured
 * @param description what the agent does, shown to peers for delegation
 * @param provider LLM provider id ({@code model.provider})
 * @param model model id ({@code model.model})
 * @param systemPrompt system prompt, possibly empty
 * @param language output language, or null
 * @param allowedTools tool allowlist globs; empty = all
 * @param outboundAllowlist channel kind to allowed recipients; a missing or empty list = unrestricted
 * @param bindings inbound bindings, in file order; empty = receives nothing
 * @param allowedDelegates agents this one may delegate to (globs; empty = any)
 * @param acceptDelegatesFrom agents that may delegate to this one (globs; empty = any)
 * @param credentials channel kind to pinned instance ({@code credentials.<kind>})
 * @param validateToolArguments whether tool arguments are checked against their schema
 * @param maxSteps most LLM calls per turn
 * @param historyTurns turns of history sent to the LLM
 * @param heartbeat interval of heartbeat turns, or null when {@code heartbeat.enabled} is false
 */
public record AgentConfig(String id, String tenant, String description, String provider, String model,
        String systemPrompt, String language, List<String> allowedTools, Map<String, List<String>> outboundAllowlist,
        List<Binding> bindings, List<String> allowedDelegates, List<String> acceptDelegatesFrom,
        Map<String, String> credentials, boolean validateToolArguments, int maxSteps, int historyTurns,
        java.time.Duration heartbeat) {

    /**
     * @param kind inbound channel kind
     * @param instance inbound channel instance, or null
     * @return the first binding that takes messages from that channel
     */
    public Optional<Binding> bindingFor(String kind, String instance) {
        for (Binding b : bindings) {
            if (b.matches(kind, instance)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}

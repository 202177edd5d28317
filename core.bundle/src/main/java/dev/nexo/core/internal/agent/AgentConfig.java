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
 * @param memory the agent's {@code memory:} block (long-term memory and automatic recall)
 */
public record AgentConfig(String id, String tenant, String description, String provider, String model,
        String systemPrompt, String language, List<String> allowedTools, Map<String, List<String>> outboundAllowlist,
        List<Binding> bindings, List<String> allowedDelegates, List<String> acceptDelegatesFrom,
        Map<String, String> credentials, boolean validateToolArguments, int maxSteps, int historyTurns,
        java.time.Duration heartbeat, Memory memory) {

    /**
     * The agent's {@code memory:} block. {@code long_term} is the seed's switch (off unless set);
     * the {@code auto_recall} fields override {@code memory.yaml}'s {@code auto_recall} defaults
     * and are null when the agent does not set them.
     *
     * @param longTerm whether the agent uses long-term memory ({@code memory.long_term})
     * @param autoRecall {@code memory.auto_recall.enabled}, or null
     * @param topK {@code memory.auto_recall.top_k}, or null
     * @param mode {@code memory.auto_recall.mode} ({@code keyword}, {@code vector}, {@code hybrid}), or null
     */
    public record Memory(boolean longTerm, Boolean autoRecall, Integer topK, String mode) {
        /** No long-term memory: the default. */
        public static final Memory OFF = new Memory(false, null, null, null);
    }

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

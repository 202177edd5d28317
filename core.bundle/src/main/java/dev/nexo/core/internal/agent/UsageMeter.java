package dev.nexo.core.internal.agent;

import dev.nexo.core.internal.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token usage and turn counts per agent, since start: the admin API's usage, and on
 * {@code /metrics} (while a registry is bound) {@code nexo_agent_turns_total{agent,outcome}}
 * ({@code reply}, {@code blocked}, {@code failed}), {@code nexo_llm_calls_total{agent}} and
 * {@code nexo_llm_tokens_total{agent,kind="prompt"|"completion"}}.
 */
public final class UsageMeter {
    /** Usage of one agent, as the admin API shows it. */
    public static final class UsageDTO {
        public String agent;
        public long promptTokens;
        public long completionTokens;
        public long llmCalls;
        public long turns;
        public long failedTurns;
    }

    private final Set<String> agents = ConcurrentHashMap.newKeySet();
    private final CounterFamily turns = new CounterFamily("nexo.agent.turns", "finished agent turns by outcome",
            "agent", "outcome");
    private final CounterFamily calls = new CounterFamily("nexo.llm.calls", "LLM calls made by agent turns", "agent");
    private final CounterFamily tokens = new CounterFamily("nexo.llm.tokens",
            "LLM tokens the providers reported, prompt or completion", "agent", "kind");

    /**
     * @param agentId the agent
     * @param result a finished turn
     */
    public void record(String agentId, TurnResult result) {
        if (agents.add(agentId)) {
            for (TurnResult.Kind k : TurnResult.Kind.values()) {
                turns.declare(agentId, outcome(k));
            }
        }
        tokens.adder(agentId, "prompt").add(result.usage().promptTokens());
        tokens.adder(agentId, "completion").add(result.usage().completionTokens());
        calls.adder(agentId).add(result.llmCalls());
        turns.increment(agentId, outcome(result.kind()));
    }

    /** Exports the counters to {@code registry} (the core's Prometheus registry). */
    public void bindMeters(MeterRegistry registry) {
        turns.bind(registry);
        calls.bind(registry);
        tokens.bind(registry);
    }

    /** Stops exporting the counters; counting goes on. */
    public void unbindMeters() {
        turns.unbind();
        calls.unbind();
        tokens.unbind();
    }

    /** @return usage per agent, by agent id */
    public Map<String, UsageDTO> snapshot() {
        Map<String, UsageDTO> out = new TreeMap<>();
        for (String id : agents) {
            UsageDTO d = new UsageDTO();
            d.agent = id;
            d.promptTokens = tokens.get(id, "prompt");
            d.completionTokens = tokens.get(id, "completion");
            d.llmCalls = calls.get(id);
            d.turns = turns.sumWhere("agent", id);
            d.failedTurns = turns.get(id, outcome(TurnResult.Kind.FAILED));
            out.put(id, d);
        }
        return out;
    }

    private static String outcome(TurnResult.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}

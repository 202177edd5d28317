package dev.nexo.core.internal.agent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Token usage and turn counts per agent, since start. */
public final class UsageMeter {
    /** Counters of one agent. */
    public static final class Counters {
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final LongAdder llmCalls = new LongAdder();
        final LongAdder turns = new LongAdder();
        final LongAdder failedTurns = new LongAdder();
    }

    /** Usage of one agent, as the admin API shows it. */
    public static final class UsageDTO {
        public String agent;
        public long promptTokens;
        public long completionTokens;
        public long llmCalls;
        public long turns;
        public long failedTurns;
    }

    private final Map<String, Counters> byAgent = new ConcurrentHashMap<>();

    /**
     * @param agentId the agent
     * @param result a finished turn
     */
    public void record(String agentId, TurnResult result) {
        Counters c = byAgent.computeIfAbsent(agentId, k -> new Counters());
        c.promptTokens.add(result.usage().promptTokens());
        c.completionTokens.add(result.usage().completionTokens());
        c.llmCalls.add(result.llmCalls());
        c.turns.increment();
        if (result.kind() == TurnResult.Kind.FAILED) {
            c.failedTurns.increment();
        }
    }

    /** @return usage per agent, by agent id */
    public Map<String, UsageDTO> snapshot() {
        Map<String, UsageDTO> out = new TreeMap<>();
        byAgent.forEach((id, c) -> {
            UsageDTO d = new UsageDTO();
            d.agent = id;
            d.promptTokens = c.promptTokens.sum();
            d.completionTokens = c.completionTokens.sum();
            d.llmCalls = c.llmCalls.sum();
            d.turns = c.turns.sum();
            d.failedTurns = c.failedTurns.sum();
            out.put(id, d);
        });
        return out;
    }
}

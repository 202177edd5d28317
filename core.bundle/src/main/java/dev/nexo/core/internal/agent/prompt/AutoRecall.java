package dev.nexo.core.internal.agent.prompt;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.core.internal.agent.AgentConfig;
import dev.nexo.core.internal.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Automatic recall: before the first LLM call of a turn, the top-k memories of the turn's own
 * agent (tenant + agent scope, never another's) for the inbound text, as a compact
 * {@code # MEMORY} block. It runs only for agents with {@code memory.long_term: true} and
 * {@code auto_recall} enabled (the agent's {@code memory.auto_recall.*}, else {@code memory.yaml}'s
 * {@code auto_recall.*} as the store publishes them, else enabled / 5 / hybrid). Each memory is
 * one line of at most {@value #MAX_ITEM_CHARS} characters and the block at most
 * {@value #MAX_BLOCK_CHARS}: tokens are the user's money. A recall that fails or takes longer than
 * the timeout never fails the turn: it is logged, counted, and the turn goes on without memories.
 * The counts are {@code nexo_memory_auto_recalls_total{agent}} and
 * {@code nexo_memory_auto_recall_failures_total{agent,reason="error"|"timeout"}} on {@code /metrics}
 * while a registry is {@link #bindMeters bound} (agent ids come from the configuration, so the
 * series stay few).
 */
public final class AutoRecall {
    /** Longest memory line in the block (longer contents are cut with an ellipsis). */
    public static final int MAX_ITEM_CHARS = 200;
    /** Longest block. */
    public static final int MAX_BLOCK_CHARS = 800;
    /** The block's heading. */
    public static final String HEADING = "# MEMORY (earlier notes, may be outdated)";

    private static final Logger LOG = LoggerFactory.getLogger(AutoRecall.class);
    private static final String ERROR = "error";
    private static final String TIMEOUT = "timeout";

    /** What {@code memory.yaml}'s {@code auto_recall} says when the agent says nothing. */
    public record Defaults(boolean enabled, int topK, RecallMode mode) {
        /** The schema's defaults. */
        public static final Defaults SCHEMA = new Defaults(true, 5, RecallMode.HYBRID);

        /**
         * @param props the memory store's service properties (its configuration: {@code auto_recall.*})
         * @return the defaults they set, the schema's for what they don't
         */
        public static Defaults of(Map<String, ?> props) {
            Object e = props.get("auto_recall.enabled");
            Object k = props.get("auto_recall.top_k");
            Object m = props.get("auto_recall.mode");
            try {
                return new Defaults(e == null ? SCHEMA.enabled() : Boolean.parseBoolean(String.valueOf(e)),
                        k == null ? SCHEMA.topK() : Integer.parseInt(String.valueOf(k)),
                        m == null ? SCHEMA.mode() : RecallMode.valueOf(String.valueOf(m).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException bad) {
                LOG.warn("the memory store's auto_recall settings are invalid, using the defaults: {}", bad.getMessage());
                return SCHEMA;
            }
        }
    }

    private record Bound(MemoryStore store, Defaults defaults) {
    }

    private final Duration timeout;
    private final CounterFamily recalls = new CounterFamily("nexo.memory.auto.recalls",
            "automatic memory recalls started before a turn's first LLM call", "agent");
    private final CounterFamily failures = new CounterFamily("nexo.memory.auto.recall.failures",
            "automatic memory recalls skipped because they failed (error) or took too long (timeout); "
                    + "the turn went on without memories", "agent", "reason");
    private volatile Bound bound;

    /** @param timeout longest wait for one recall before the turn goes on without it */
    public AutoRecall(Duration timeout) {
        this.timeout = timeout;
    }

    /** Uses this store (and its published {@code auto_recall.*} defaults) from now on. */
    public void bind(MemoryStore store, Map<String, ?> props) {
        bound = new Bound(store, Defaults.of(props));
    }

    /** Stops using {@code store} if it is the current one. */
    public synchronized void unbind(MemoryStore store) {
        Bound b = bound;
        if (b != null && b.store() == store) {
            bound = null;
        }
    }

    /** Exports the counters to {@code registry} (the core's Prometheus registry). */
    public void bindMeters(MeterRegistry registry) {
        recalls.bind(registry);
        failures.bind(registry);
    }

    /** Stops exporting the counters; counting goes on. */
    public void unbindMeters() {
        recalls.unbind();
        failures.unbind();
    }

    /** @return recalls made */
    public long recalls() {
        return recalls.sum();
    }

    /** @return recalls that failed or timed out (the turn went on without memories) */
    public long failures() {
        return failures.sum();
    }

    /** @return recalls that failed for {@code reason}: {@code error} or {@code timeout} */
    public long failures(String reason) {
        return failures.sumWhere("reason", reason);
    }

    /**
     * @param agent the turn's agent
     * @param text the inbound text as the LLM sees it
     * @return the {@code # MEMORY} block, or empty when recall is off, finds nothing or fails; never fails
     */
    public CompletionStage<String> block(AgentConfig agent, String text) {
        Bound b = bound;
        AgentConfig.Memory m = agent.memory();
        if (b == null || m == null || !m.longTerm() || text == null || text.isBlank()) {
            return CompletableFuture.completedFuture("");
        }
        boolean enabled = m.autoRecall() != null ? m.autoRecall() : b.defaults().enabled();
        if (!enabled) {
            return CompletableFuture.completedFuture("");
        }
        int k = m.topK() != null ? m.topK() : b.defaults().topK();
        recalls.increment(agent.id());
        failures.declare(agent.id(), ERROR);
        failures.declare(agent.id(), TIMEOUT);
        CompletableFuture<List<MemoryRecord>> call;
        try {
            RecallMode mode = m.mode() != null ? RecallMode.valueOf(m.mode().toUpperCase(Locale.ROOT)) : b.defaults().mode();
            MemoryScope scope = new MemoryScope(agent.tenant(), agent.id());
            call = b.store().recall(scope, new RecallQuery(text, Math.max(1, k), mode, List.of())).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((records, err) -> {
            if (err != null) {
                Throwable cause = unwrap(err);
                String reason = cause instanceof TimeoutException ? TIMEOUT : ERROR;
                failures.increment(agent.id(), reason);
                LOG.warn("automatic memory recall for agent {} failed ({}); the turn goes on without memories: {}",
                        agent.id(), reason, String.valueOf(cause));
                return "";
            }
            return format(records);
        });
    }

    private static Throwable unwrap(Throwable err) {
        Throwable t = err;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * @param records recalled memories, best first
     * @return the block: a heading and one {@code - content} line per memory, within the size limits
     */
    public static String format(List<MemoryRecord> records) {
        if (records == null || records.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(HEADING);
        for (MemoryRecord r : records) {
            String line = oneLine(r.content());
            if (line.isEmpty()) {
                continue;
            }
            if (sb.length() + 3 + line.length() > MAX_BLOCK_CHARS) {
                break;
            }
            sb.append("\n- ").append(line);
        }
        return sb.length() == HEADING.length() ? "" : sb.toString();
    }

    /** Whitespace collapsed to single spaces, control characters dropped, cut to {@value #MAX_ITEM_CHARS}. */
    static String oneLine(String content) {
        StringBuilder sb = new StringBuilder(Math.min(content.length(), MAX_ITEM_CHARS + 1));
        boolean space = false;
        for (int i = 0; i < content.length() && sb.length() <= MAX_ITEM_CHARS; i++) {
            char c = content.charAt(i);
            if (Character.isWhitespace(c)) {
                space = sb.length() > 0;
            } else if (!Character.isISOControl(c)) {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        if (sb.length() > MAX_ITEM_CHARS) {
            sb.setLength(MAX_ITEM_CHARS - 1);
            sb.append('…');
        }
        return sb.toString();
    }
}

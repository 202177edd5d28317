package dev.nexo.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's counters (until now only in {@code GET /admin/api/memory}) on the core's
 * {@code /metrics} while its registry is bound: {@code nexo_memory_embedded_total},
 * {@code nexo_memory_vector_failures_total}, {@code nexo_memory_embed_queue_dropped_total},
 * {@code nexo_memory_graphs_loaded_total}, {@code nexo_memory_graphs_built_total}, and the gauges
 * {@code nexo_memory_embed_queue_pending} and {@code nexo_memory_indexed_vectors}. Every meter reads
 * the store's own counters at scrape time, so nothing is counted twice.
 */
final class MemoryMetrics {
    private final Supplier<Map<String, Long>> stats;
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;

    /** @param stats the store's {@link SqliteMemoryStore#stats()} */
    MemoryMetrics(Supplier<Map<String, Long>> stats) {
        this.stats = stats;
    }

    synchronized void bind(MeterRegistry r) {
        unbind();
        registry = r;
        counter(r, "embedded", "embedded", "memories embedded since start");
        counter(r, "vector.failures", "vector_failures", "hybrid recalls that fell back to keyword results because "
                + "the vector side failed");
        counter(r, "embed.queue.dropped", "embed_queue_dropped", "embedding jobs dropped for a full queue (re-embedded "
                + "from the backlog later)");
        counter(r, "graphs.loaded", "graphs_loaded", "vector index graphs loaded from disk");
        counter(r, "graphs.built", "graphs_built", "vector index graphs built from stored vectors");
        gauge(r, "embed.queue.pending", "embed_queue_pending", "embedding jobs waiting");
        gauge(r, "indexed.vectors", "indexed_vectors", "vectors in the in-memory indexes");
    }

    synchronized void unbind() {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
        meters.clear();
        registry = null;
    }

    private double read(String key) {
        Long v = stats.get().get(key);
        return v == null ? Double.NaN : v;
    }

    private void counter(MeterRegistry r, String name, String key, String description) {
        meters.add(FunctionCounter.builder("nexo.memory." + name, this, m -> m.read(key)).description(description)
                .register(r));
    }

    private void gauge(MeterRegistry r, String name, String key, String description) {
        meters.add(Gauge.builder("nexo.memory." + name, this, m -> m.read(key)).description(description).register(r));
    }
}

package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.nexo.api.memory.MemoryScope;

/** The store's own counters, read by the meters of a real SQLite store with a (hash) embedder. */
class MemoryMetricsTest {
    @TempDir
    Path dir;
    private SqliteMemoryStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void embeddedAndIndexedVectorsAreOnTheRegistryUntilUnbound() {
        store = new SqliteMemoryStore(dir.resolve("memory.db"), 0, SqliteMemoryStore.Settings.defaults(),
                SecretGuard.defaults(), Clock.systemUTC());
        store.setEmbedder(new HashEmbedder(64));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MemoryMetrics metrics = new MemoryMetrics(store::stats);
        metrics.bind(registry);
        assertEquals(0, registry.get("nexo.memory.embedded").functionCounter().count());

        store.store(new MemoryScope("default", "ana"), "Ana's son is allergic to peanuts", List.of())
                .toCompletableFuture().join();
        Wait.until("the memory to be embedded", () -> store.stats().get("embedded") == 1);
        assertEquals(1, registry.get("nexo.memory.embedded").functionCounter().count());
        assertEquals(1, registry.get("nexo.memory.indexed.vectors").gauge().value());
        assertEquals(0, registry.get("nexo.memory.vector.failures").functionCounter().count());

        metrics.unbind();
        assertNull(registry.find("nexo.memory.embedded").functionCounter());
    }
}

package dev.nexo.memory.internal;

import dev.nexo.api.memory.MemoryScope;

/** Bench-only access to a store's per-scope index. */
final class ScopeIndexAccess {
    private ScopeIndexAccess() {
    }

    static ScopeIndex index(SqliteMemoryStore store, MemoryScope scope) {
        return store.indexOf(scope);
    }

    /** Waits until the background HNSW build finished (when one is expected). */
    static void awaitGraph(SqliteMemoryStore store, MemoryScope scope, boolean graph) throws InterruptedException {
        while (graph && !index(store, scope).approximate()) {
            Thread.sleep(100);
        }
    }
}

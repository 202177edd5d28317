package dev.nexo.memory.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;

/**
 * Vector recall latency (p50/p99 from JMH's sample mode) through the whole store — the embedder
 * step replaced by a lookup of precomputed vectors, then the index search, the SQLite fetch and
 * the executor hops — on one agent holding {@code size} memories. Vectors are synthetic: 384-dim
 * unit vectors clustered around 1000 random centres (uniform random vectors would have no
 * neighbourhood structure at all). {@code index=exact} is the same-run baseline; the HNSW run
 * prints its recall@10 against exact search on the same data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class RecallBench {
    static final int DIMS = 384;
    static final MemoryScope SCOPE = new MemoryScope("bench", "agent");

    @Param({"10000", "100000"})
    public int size;

    @Param({"hnsw", "exact"})
    public String index;

    Path dir;
    SqliteMemoryStore store;
    float[][] queries;
    int next;

    static float[][] clustered(int n, int clusters, Random r, float[][] centres) {
        float[][] out = new float[n][DIMS];
        for (int k = 0; k < n; k++) {
            float[] c = centres[r.nextInt(clusters)];
            for (int i = 0; i < DIMS; i++) {
                out[k][i] = c[i] + 0.5f * (float) r.nextGaussian();
            }
        }
        return out;
    }

    /** Maps a query text ("q<n>") to its precomputed vector, so no model runs inside the measurement. */
    final class Lookup implements Embedder {
        @Override
        public String modelId() {
            return "synthetic";
        }

        @Override
        public int dimensions() {
            return DIMS;
        }

        @Override
        public CompletionStage<List<float[]>> embed(List<String> texts) {
            return CompletableFuture.completedFuture(List.of(queries[Integer.parseInt(texts.get(0).substring(1))]));
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random r = new Random(42);
        float[][] centres = new float[1000][DIMS];
        for (float[] c : centres) {
            for (int i = 0; i < DIMS; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        float[][] data = clustered(size, centres.length, r, centres);
        queries = clustered(1000, centres.length, r, centres);

        dir = Files.createTempDirectory("nexo-recall-bench");
        int exactMax = "exact".equals(index) ? Integer.MAX_VALUE : 1000;
        SqliteMemoryStore.Settings s = new SqliteMemoryStore.Settings(RecallMode.VECTOR, true, 10000, 16,
                java.time.Duration.ofSeconds(30), new ScopeIndex.Settings(exactMax, 16, 200, 100));
        store = new SqliteMemoryStore(dir.resolve("memory.db"), 0, s, SecretGuard.defaults(), java.time.Clock.systemUTC());
        List<SqliteMemoryStore.Entry> entries = new ArrayList<>(size);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < size; i++) {
            entries.add(new SqliteMemoryStore.Entry(MemoryRecord.of("m" + i, SCOPE, "memory number " + i, List.of(),
                    t0.plusSeconds(i)), data[i]));
        }
        long b0 = System.nanoTime();
        store.replaceScope(SCOPE, entries).toCompletableFuture().join();
        ScopeIndexAccess.awaitGraph(store, SCOPE, !"exact".equals(index));
        System.out.printf("%n[setup] %d memories stored and indexed (%s) in %.1f s%n", size, index,
                (System.nanoTime() - b0) / 1e9);
        store.setEmbedder(new Lookup());
        store.vectorCount().toCompletableFuture().join();
        if (!"exact".equals(index)) {
            printRecallAt10();
        }
    }

    private void printRecallAt10() {
        ScopeIndex idx = ScopeIndexAccess.index(store, SCOPE);
        double recall = 0;
        int n = 300;
        for (int q = 0; q < n; q++) {
            Set<Long> exact = new HashSet<>();
            idx.exactSearch(queries[q], 10).forEach(h -> exact.add(h.seq()));
            recall += idx.search(queries[q], 10).stream().filter(h -> exact.contains(h.seq())).count() / 10.0;
        }
        System.out.printf("[recall@10] HNSW vs exact at %d memories over %d queries: %.4f%n", size, n, recall / n);
    }

    @Benchmark
    public List<MemoryRecord> recall() {
        int q = next++ % queries.length;
        return store.recall(SCOPE, new RecallQuery("q" + q, 10, RecallMode.VECTOR, List.of())).toCompletableFuture().join();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

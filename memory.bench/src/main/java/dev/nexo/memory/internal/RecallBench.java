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
            String first = texts.get(0).split(" ")[0];
            return CompletableFuture.completedFuture(List.of(queries[Integer.parseInt(first.substring(1))]));
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

        // The store lives in a kept directory (same seed = same data), so a later run starts from
        // the saved file and graph as the container does after a restart, instead of paying the build again.
        dir = Path.of(System.getProperty("bench.dir", "target/recall-bench")).resolve(size + "-" + index).toAbsolutePath();
        Files.createDirectories(dir);
        boolean hnsw = !"exact".equals(index);
        if (!Files.exists(dir.resolve("memory.db"))) {
            store = open();
            List<SqliteMemoryStore.Entry> entries = new ArrayList<>(size);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < size; i++) {
                entries.add(new SqliteMemoryStore.Entry(MemoryRecord.of("m" + i, SCOPE, "memory number " + i
                        + " about topic " + (i % 1000), List.of(), t0.plusSeconds(i)), data[i]));
            }
            long b0 = System.nanoTime();
            store.replaceScope(SCOPE, entries).toCompletableFuture().join();
            long b1 = System.nanoTime();
            ScopeIndexAccess.awaitGraph(store, SCOPE, hnsw);
            System.out.printf("%n[setup] %d memories stored in %.1f s; HNSW graph built in %.1f s (%s)%n", size,
                    (b1 - b0) / 1e9, (System.nanoTime() - b1) / 1e9, index);
            store.close(); // saves the graph
        }
        long s0 = System.nanoTime();
        store = open();
        store.vectorCount().toCompletableFuture().join(); // the stored vectors are loaded on the db thread first
        long s1 = System.nanoTime();
        ScopeIndexAccess.awaitGraph(store, SCOPE, hnsw);
        System.out.printf("%n[start] %d vectors loaded from SQLite in %.2f s; graph ready %.2f s later "
                + "(loaded %d, built %d)%n", ScopeIndexAccess.index(store, SCOPE).size(), (s1 - s0) / 1e9,
                (System.nanoTime() - s1) / 1e9, store.stats().get("graphs_loaded"), store.stats().get("graphs_built"));
        store.setEmbedder(new Lookup());
        store.vectorCount().toCompletableFuture().join();
        if (hnsw) {
            printRecallAt10();
        }
    }

    private SqliteMemoryStore open() {
        int exactMax = "exact".equals(index) ? Integer.MAX_VALUE : 1000;
        SqliteMemoryStore.Settings s = new SqliteMemoryStore.Settings(RecallMode.VECTOR, true, 10000, 16,
                java.time.Duration.ofSeconds(30), new ScopeIndex.Settings(exactMax, 16, 200, 100));
        return new SqliteMemoryStore(dir.resolve("memory.db"), 0, s, SecretGuard.defaults(), java.time.Clock.systemUTC());
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

    /** Vector recall: embed (a lookup here), index search, one SQLite fetch of the hits. */
    @Benchmark
    public List<MemoryRecord> recall() {
        int q = next++ % queries.length;
        return store.recall(SCOPE, new RecallQuery("q" + q, 10, RecallMode.VECTOR, List.of())).toCompletableFuture().join();
    }

    /**
     * Hybrid recall as the automatic recall runs it: the vector side plus an FTS5 query of three
     * words, one in no row ("q17"), one in a thousandth of them ("17") and one in every row
     * ("topic", the worst case of a common word), fused by RRF.
     */
    @Benchmark
    public List<MemoryRecord> hybrid() {
        int q = next++ % queries.length;
        return store.recall(SCOPE, new RecallQuery("q" + q + " topic " + q, 10, RecallMode.HYBRID, List.of()))
                .toCompletableFuture().join();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close(); // the directory is kept for the next run (delete target/recall-bench to start over)
    }
}

package dev.nexo.memory.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vector search alone (no SQLite, no thread hops): one agent's {@link ScopeIndex} with
 * {@code size} synthetic clustered 384-dim unit vectors (see {@link RecallBench}), searched for
 * the 10 nearest. {@code index=exact} is the same-run baseline (brute force over the same data);
 * the HNSW setup prints its recall@10 against exact search on the same data and queries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class IndexBench {
    @Param({"10000", "100000"})
    public int size;

    @Param({"hnsw", "exact"})
    public String index;

    @Param({"100"})
    public int efConstruction;

    ScopeIndex idx;
    float[][] queries;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(42);
        float[][] centres = new float[1000][RecallBench.DIMS];
        for (float[] c : centres) {
            for (int i = 0; i < RecallBench.DIMS; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        float[][] data = RecallBench.clustered(size, centres.length, r, centres);
        queries = RecallBench.clustered(1000, centres.length, r, centres);
        boolean graph = "hnsw".equals(index);
        idx = new ScopeIndex(RecallBench.DIMS, new ScopeIndex.Settings(graph ? 0 : Integer.MAX_VALUE, 16, efConstruction, 100));
        long t0 = System.nanoTime();
        for (int i = 0; i < size; i++) {
            idx.add(i, data[i]);
        }
        if (graph) {
            idx.buildGraph();
        }
        System.out.printf("%n[setup] %d vectors indexed (%s, efConstruction %d) in %.1f s%n", size, index, efConstruction,
                (System.nanoTime() - t0) / 1e9);
        if (graph) {
            double recall = 0;
            int n = 300;
            for (int q = 0; q < n; q++) {
                Set<Long> exact = new HashSet<>();
                idx.exactSearch(queries[q], 10).forEach(h -> exact.add(h.seq()));
                recall += idx.search(queries[q], 10).stream().filter(h -> exact.contains(h.seq())).count() / 10.0;
            }
            System.out.printf("[recall@10] HNSW vs exact at %d vectors over %d queries: %.4f%n", size, n, recall / n);
        }
    }

    @Benchmark
    public List<VectorHit> search() {
        return idx.search(queries[next++ % queries.length], 10);
    }
}

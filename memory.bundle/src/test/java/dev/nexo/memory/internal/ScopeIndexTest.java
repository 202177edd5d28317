package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeIndexTest {
    /** Clustered unit vectors (a mixture around random centres), closer to real embeddings than uniform noise. */
    static float[][] clustered(int n, int dims, int clusters, long seed) {
        Random r = new Random(seed);
        float[][] centres = new float[clusters][dims];
        for (float[] c : centres) {
            for (int i = 0; i < dims; i++) {
                c[i] = (float) r.nextGaussian();
            }
        }
        float[][] out = new float[n][dims];
        for (int k = 0; k < n; k++) {
            float[] c = centres[r.nextInt(clusters)];
            for (int i = 0; i < dims; i++) {
                out[k][i] = c[i] + 0.6f * (float) r.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void smallIndexesSearchExactly() {
        ScopeIndex idx = new ScopeIndex(3, new ScopeIndex.Settings(100, 16, 100, 50));
        idx.add(1, new float[] {1, 0, 0});
        idx.add(2, new float[] {0, 1, 0});
        idx.add(3, new float[] {0.9f, 0.1f, 0});
        List<VectorHit> hits = idx.search(new float[] {1, 0, 0}, 2);
        assertEquals(List.of(1L, 3L), hits.stream().map(VectorHit::seq).toList());
        assertEquals(1f, hits.get(0).similarity(), 1e-6);
        assertTrue(idx.remove(1));
        assertEquals(3L, idx.search(new float[] {1, 0, 0}, 1).get(0).seq());
        assertFalse(idx.approximate());
    }

    @Test
    void aboveTheThresholdTheGraphFindsWhatExactSearchFinds() {
        int n = 3000;
        float[][] data = clustered(n, 64, 50, 7);
        ScopeIndex idx = new ScopeIndex(64, new ScopeIndex.Settings(500, 16, 200, 100));
        for (int i = 0; i < n; i++) {
            idx.add(i, data[i]);
        }
        assertTrue(idx.needsGraph());
        idx.buildGraph();
        assertTrue(idx.approximate());
        idx.add(n, data[0]);
        assertTrue(idx.remove(5));

        float[][] queries = clustered(100, 64, 50, 8);
        double recall = 0;
        for (float[] q : queries) {
            Set<Long> exact = new HashSet<>();
            idx.exactSearch(q, 10).forEach(h -> exact.add(h.seq()));
            long found = idx.search(q, 10).stream().filter(h -> exact.contains(h.seq())).count();
            recall += found / 10.0;
        }
        recall /= queries.length;
        assertTrue(recall >= 0.95, "recall@10 " + recall);
        assertTrue(idx.search(data[5], 10).stream().noneMatch(h -> h.seq() == 5), "a removed vector is never found");
    }

    private static ScopeIndex filled(float[][] data, int upTo) {
        ScopeIndex idx = new ScopeIndex(32, new ScopeIndex.Settings(100, 8, 50, 50));
        for (int i = 0; i < upTo; i++) {
            idx.add(i, data[i]);
        }
        return idx;
    }

    @Test
    void aSavedGraphIsLoadedForExactlyTheSameVectorsAndRefusedOtherwise(@TempDir Path dir) throws Exception {
        float[][] data = clustered(600, 32, 10, 3);
        Path file = dir.resolve("t").resolve("a.graph");
        ScopeIndex built = filled(data, 500);
        assertFalse(built.saveGraph(file), "no graph, nothing to save");
        built.buildGraph();
        assertTrue(built.graphUnsaved());
        assertTrue(built.saveGraph(file));
        assertFalse(built.graphUnsaved());
        assertTrue(Files.size(file) > 500 * 32 * 4, "the graph file holds the vectors");

        ScopeIndex same = filled(data, 500);
        assertEquals(built.digest(), same.digest());
        assertTrue(same.loadGraph(file));
        assertTrue(same.approximate());
        assertFalse(same.needsGraph());
        assertEquals(built.search(data[7], 10), same.search(data[7], 10), "the loaded graph answers like the saved one");

        ScopeIndex oneMore = filled(data, 501);
        assertFalse(oneMore.loadGraph(file), "another vector count");
        ScopeIndex changed = filled(data, 500);
        changed.add(499, data[550]);
        assertEquals(500, changed.size());
        assertFalse(changed.loadGraph(file), "same count, one vector changed: the digest differs");
        assertFalse(changed.approximate());

        Files.write(file, new byte[] {1, 2, 3});
        assertFalse(filled(data, 500).loadGraph(file), "a damaged file is ignored (the graph is rebuilt)");
    }

    @Test
    void theDigestFollowsAddsAndRemovesInAnyOrder() {
        float[][] data = clustered(10, 32, 2, 4);
        ScopeIndex a = filled(data, 10);
        ScopeIndex b = new ScopeIndex(32, new ScopeIndex.Settings(100, 8, 50, 50));
        for (int i = 9; i >= 0; i--) {
            b.add(i, data[i]);
        }
        b.add(42, data[0]);
        assertFalse(a.digest() == b.digest());
        b.remove(42);
        assertEquals(a.digest(), b.digest());
    }
}

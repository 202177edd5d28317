package dev.nexo.memory.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;

/**
 * The vectors of one scope (tenant + agent): exact cosine search over unit vectors while small,
 * and an HNSW graph once it holds more than {@link Settings#exactMax()} vectors. One index per
 * scope means a search can only ever see that scope's memories. Thread-safe (one lock).
 */
final class ScopeIndex {
    /** HNSW and threshold settings. */
    record Settings(int exactMax, int m, int efConstruction, int ef) {
    }

    private final int dims;
    private final Settings settings;
    private long[] seqs = new long[64];
    private float[][] vecs = new float[64][];
    private int size;
    private final Map<Long, Integer> pos = new HashMap<>();
    private HnswIndex<Long, float[], VecItem, Float> hnsw;
    private boolean building;
    /** Order-independent digest of the (seq, vector) pairs held: ties a saved graph to the vector rows. */
    private long digest;
    /** Changes to the graph since it was built, loaded or last saved. */
    private long unsaved;

    /** Magic and format version of a saved graph file. */
    static final long GRAPH_MAGIC = 0x4e45584f484e5357L; // "NEXOHNSW"
    static final int GRAPH_VERSION = 1;

    ScopeIndex(int dims, Settings settings) {
        this.dims = dims;
        this.settings = settings;
    }

    /** @param v a vector of {@code dims} floats; normalised here (callers keep their array) */
    synchronized void add(long seq, float[] v) {
        if (v.length != dims) {
            throw new IllegalArgumentException("vector has " + v.length + " dimensions, the index " + dims);
        }
        float[] unit = normalise(v);
        remove(seq);
        if (size == seqs.length) {
            seqs = Arrays.copyOf(seqs, size * 2);
            vecs = Arrays.copyOf(vecs, size * 2);
        }
        seqs[size] = seq;
        vecs[size] = unit;
        pos.put(seq, size++);
        digest += entryDigest(seq, unit);
        if (hnsw != null) {
            unsaved++;
            if (hnsw.size() >= hnsw.getMaxItemCount()) {
                hnsw.resize(hnsw.getMaxItemCount() * 2);
            }
            hnsw.add(new VecItem(seq, unit));
        }
    }

    /** @return whether the scope outgrew exact search and has no graph (being built) yet */
    synchronized boolean needsGraph() {
        return hnsw == null && !building && size > settings.exactMax();
    }

    synchronized boolean remove(long seq) {
        Integer i = pos.remove(seq);
        if (i == null) {
            return false;
        }
        digest -= entryDigest(seq, vecs[i]);
        int last = --size;
        if (i != last) {
            seqs[i] = seqs[last];
            vecs[i] = vecs[last];
            pos.put(seqs[i], i);
        }
        vecs[last] = null;
        if (hnsw != null) {
            unsaved++;
            hnsw.remove(seq, 0);
        }
        return true;
    }

    synchronized int size() {
        return size;
    }

    synchronized boolean approximate() {
        return hnsw != null;
    }

    /** @return the k nearest by cosine similarity, closest first (HNSW above the threshold) */
    synchronized List<VectorHit> search(float[] query, int k) {
        float[] q = normalise(query);
        if (hnsw == null) {
            return exact(q, k);
        }
        List<VectorHit> out = new ArrayList<>(k);
        for (SearchResult<VecItem, Float> r : hnsw.findNearest(q, k)) {
            out.add(new VectorHit(r.item().id(), 1f - r.distance()));
        }
        return out;
    }

    /** @return the k nearest by brute force, whatever the size (the baseline for the approximate index) */
    synchronized List<VectorHit> exactSearch(float[] query, int k) {
        return exact(normalise(query), k);
    }

    private List<VectorHit> exact(float[] q, int k) {
        PriorityQueue<VectorHit> top = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(a.similarity(), b.similarity()));
        for (int i = 0; i < size; i++) {
            float s = dot(q, vecs[i]);
            if (top.size() < k) {
                top.add(new VectorHit(seqs[i], s));
            } else if (s > top.peek().similarity()) {
                top.poll();
                top.add(new VectorHit(seqs[i], s));
            }
        }
        List<VectorHit> out = new ArrayList<>(top);
        out.sort((a, b) -> Float.compare(b.similarity(), a.similarity()));
        return out;
    }

    /**
     * Builds the HNSW graph from the current vectors outside the lock (searches stay exact
     * meanwhile), then catches up with what changed during the build and switches to it.
     */
    void buildGraph() {
        List<VecItem> items;
        synchronized (this) {
            if (hnsw != null || building) {
                return;
            }
            building = true;
            items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(new VecItem(seqs[i], vecs[i]));
            }
        }
        HnswIndex<Long, float[], VecItem, Float> g = HnswIndex.newBuilder(dims, DistanceFunctions.FLOAT_INNER_PRODUCT,
                Math.max(1024, items.size() * 2)).withM(settings.m()).withEfConstruction(settings.efConstruction())
                .withEf(settings.ef()).withRemoveEnabled().build();
        try {
            g.addAll(items, Math.max(1, Runtime.getRuntime().availableProcessors()), (done, max) -> { }, Integer.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            synchronized (this) {
                building = false;
            }
            return;
        }
        synchronized (this) {
            for (VecItem it : items) {
                if (!pos.containsKey(it.id())) {
                    g.remove(it.id(), 0);
                }
            }
            for (int i = 0; i < size; i++) {
                if (g.get(seqs[i]).isEmpty()) {
                    if (g.size() >= g.getMaxItemCount()) {
                        g.resize(g.getMaxItemCount() * 2);
                    }
                    g.add(new VecItem(seqs[i], vecs[i]));
                }
            }
            hnsw = g;
            unsaved = 1;
            building = false;
        }
    }

    /** @return the digest of the vectors held (order-independent; changes with any added, removed or changed vector) */
    synchronized long digest() {
        return digest;
    }

    static long entryDigest(long seq, float[] unit) {
        long h = seq * 0x9E3779B97F4A7C15L + Arrays.hashCode(unit);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** @return whether there is a graph with changes not yet in its file */
    synchronized boolean graphUnsaved() {
        return hnsw != null && unsaved > 0;
    }

    /**
     * Writes the graph (if any) to {@code file} atomically, headed by the format version, the
     * HNSW parameters, the vector count and {@link #digest()}, so that {@link #loadGraph} only
     * ever accepts it for exactly these vectors. Holds the lock: searches wait meanwhile.
     *
     * @return whether a graph was written
     */
    synchronized boolean saveGraph(Path file) throws IOException {
        if (hnsw == null) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeLong(GRAPH_MAGIC);
            out.writeInt(GRAPH_VERSION);
            out.writeInt(dims);
            out.writeInt(settings.m());
            out.writeInt(settings.efConstruction());
            out.writeInt(size);
            out.writeLong(digest);
            out.flush();
            hnsw.save(out);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        unsaved = 0;
        return true;
    }

    /**
     * Uses the graph saved in {@code file} instead of building one, if its header matches these
     * vectors exactly (format, dimensions, parameters, count, digest) and it holds every one of them.
     *
     * @return whether the saved graph is now in use
     */
    synchronized boolean loadGraph(Path file) {
        if (hnsw != null || building || !Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != GRAPH_MAGIC || in.readInt() != GRAPH_VERSION || in.readInt() != dims
                    || in.readInt() != settings.m() || in.readInt() != settings.efConstruction()
                    || in.readInt() != size || in.readLong() != digest) {
                return false;
            }
            HnswIndex<Long, float[], VecItem, Float> g = HnswIndex.load(in, ScopeIndex.class.getClassLoader());
            if (g.size() != size) {
                return false;
            }
            g.setEf(settings.ef());
            hnsw = g;
            unsaved = 0;
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static float[] normalise(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float inv = n == 0 ? 0f : (float) (1.0 / Math.sqrt(n));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    /** A graph node: the memory's row number and its unit vector. */
    static final class VecItem implements Item<Long, float[]> {
        private static final long serialVersionUID = 1L;
        private final long id;
        private final float[] vector;

        VecItem(long id, float[] vector) {
            this.id = id;
            this.vector = vector;
        }

        @Override
        public Long id() {
            return id;
        }

        @Override
        public float[] vector() {
            return vector;
        }

        @Override
        public int dimensions() {
            return vector.length;
        }
    }
}

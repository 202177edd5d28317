package dev.nexo.memory.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;

/**
 * The SQLite memory store: memories and their FTS5 rows in one file, vectors beside them, one
 * in-memory vector index per scope rebuilt from the stored vectors at open (no re-embedding).
 * Database work runs on one thread; embedding on the {@link EmbedQueue}'s thread; callers never
 * block. Plain Java: the DS component {@link MemoryComponent} owns one.
 */
public final class SqliteMemoryStore implements MemoryStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteMemoryStore.class);
    /** Reciprocal rank fusion constant (the book's K). */
    static final int RRF_K = 60;
    /** The documented reindex command, named in the dimension-mismatch refusal. */
    static final String REINDEX_COMMAND = "memory:reindex";

    /** Tuning that is not per call. */
    record Settings(RecallMode defaultMode, boolean vectors, int queueCapacity, int batchSize, Duration embedTimeout,
            ScopeIndex.Settings index) {
        static Settings defaults() {
            return new Settings(RecallMode.HYBRID, true, 10000, 16, Duration.ofSeconds(30),
                    new ScopeIndex.Settings(20000, 16, 200, 100));
        }
    }

    private final MemoryDb db;
    private final Settings settings;
    private final SecretGuard guard;
    private final Clock clock;
    private final ExecutorService dbThread;
    private final ExecutorService indexThread;
    private final EmbedQueue queue;
    private final Map<MemoryScope, ScopeIndex> indexes = new ConcurrentHashMap<>();
    private final AtomicLong vectorFailures = new AtomicLong();
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicBoolean backlog = new AtomicBoolean(true);
    private final AtomicLong graphsLoaded = new AtomicLong();
    private final AtomicLong graphsBuilt = new AtomicLong();
    private final Path graphDir;
    private volatile Embedder embedder;
    private volatile String refusal;
    private volatile int dims;

    /**
     * Opens (creating if needed) the file and loads the stored vectors.
     *
     * @param file the SQLite file
     * @param configuredDims the configured embedding dimensions, 0 if not configured
     * @throws MemoryException {@link MemoryErrorCode#DIMENSION_MISMATCH} when the file holds vectors of other dimensions
     */
    SqliteMemoryStore(Path file, int configuredDims, Settings settings, SecretGuard guard, Clock clock) {
        this.settings = settings;
        this.guard = guard;
        this.clock = clock;
        this.graphDir = file.toAbsolutePath().resolveSibling(file.getFileName() + ".hnsw");
        try {
            this.db = new MemoryDb(file);
        } catch (SQLException e) {
            throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "cannot open the memory database " + file + ": "
                    + e.getMessage(), e);
        }
        try {
            int stored = db.meta(MemoryDb.META_DIMS).map(Integer::parseInt).orElse(0);
            if (configuredDims > 0 && stored > 0 && configuredDims != stored) {
                String msg = mismatch(stored, db.meta(MemoryDb.META_MODEL).orElse("?"), configuredDims, "the configured embedder");
                close(db);
                throw new MemoryException(MemoryErrorCode.DIMENSION_MISMATCH, msg, null);
            }
            this.dims = stored;
            LOG.info("long-term memory ready path={} sqlite={} vectors={}", file, db.sqliteVersion(), db.countVectors());
        } catch (SQLException e) {
            close(db);
            throw new MemoryException(MemoryErrorCode.UNAVAILABLE, "cannot read the memory database " + file, e);
        }
        this.dbThread = Executors.newSingleThreadExecutor(r -> daemon(r, "nexo-memory-db"));
        this.indexThread = Executors.newSingleThreadExecutor(r -> daemon(r, "nexo-memory-index"));
        this.queue = new EmbedQueue(settings.queueCapacity(), settings.batchSize(), this::embedBatch, this::sweepBacklog);
        if (settings.vectors()) {
            dbThread.execute(this::loadVectors);
        }
    }

    /** @return a store on {@code file} with the default settings and secret guard (tests, benchmarks) */
    public static SqliteMemoryStore withDefaults(Path file) {
        return new SqliteMemoryStore(file, 0, Settings.defaults(), SecretGuard.defaults(), Clock.systemUTC());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void close(MemoryDb db) {
        try {
            db.close();
        } catch (SQLException e) {
            LOG.debug("closing the memory database failed", e);
        }
    }

    static String mismatch(int storedDims, String storedModel, int newDims, String who) {
        return "the memory store holds " + storedDims + "-dimension vectors (model " + storedModel + ") but " + who
                + " produces " + newDims + "-dimension vectors; refusing to mix them. Run the Gogo command `"
                + REINDEX_COMMAND + "` (drops the stored vectors and re-embeds every memory in the background) or point"
                + " long_term.sqlite.path at a new file";
    }

    // --- embedder ---------------------------------------------------------------------------

    /** Uses this embedder from now on (or none). A different dimension count disables vectors until a reindex. */
    public void setEmbedder(Embedder e) {
        if (e == null) {
            embedder = null;
            return;
        }
        CompletableFuture.runAsync(() -> {
            int stored = dims;
            if (stored > 0 && stored != e.dimensions()) {
                String stale = null;
                try {
                    stale = db.meta(MemoryDb.META_MODEL).orElse("?");
                } catch (SQLException ex) {
                    stale = "?";
                }
                refusal = mismatch(stored, stale, e.dimensions(), "embedder " + e.modelId());
                LOG.error("{}", refusal);
                embedder = null;
                return;
            }
            refusal = null;
            embedder = e;
            backlog.set(true);
            sweepBacklog();
        }, dbThread);
    }

    /** @return why vectors are refused (dimension mismatch), if they are */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    // --- MemoryStore -----------------------------------------------------------------------

    @Override
    public CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags, MemorySource source) {
        SecretGuard.Outcome checked;
        try {
            if (content == null || content.isBlank()) {
                throw new IllegalArgumentException("memory content is required");
            }
            checked = guard.check(content);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!checked.matchedRules().isEmpty()) {
            LOG.warn("secret guard matched {} in a memory of {}", checked.matchedRules(), scope);
        }
        MemoryRecord r = MemoryRecord.of(UUID.randomUUID().toString(), scope, checked.text(), tags, clock.instant())
                .withSource(source == null ? MemorySource.NONE : source);
        return onDb(() -> {
            long seq = db.insert(r);
            enqueue(seq, r.content());
            return r;
        });
    }

    @Override
    public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
        RecallMode mode = settings.vectors() ? query.mode() : RecallMode.KEYWORD;
        switch (mode) {
            case KEYWORD:
                return onDb(() -> records(db.fetch(scope, db.keywordSearch(scope, query.text(), query.tags(), query.limit()))));
            case VECTOR:
                return vectorSeqs(scope, query).thenCompose(seqs -> onDb(() -> top(db.fetch(scope, seqs), query)));
            default:
                return hybrid(scope, query);
        }
    }

    private CompletionStage<List<MemoryRecord>> hybrid(MemoryScope scope, RecallQuery query) {
        int candidates = Math.min(RecallQuery.MAX_LIMIT, query.limit() * 2);
        CompletableFuture<List<Long>> vector = vectorSeqs(scope, query).toCompletableFuture()
                .exceptionally(e -> {
                    vectorFailures.incrementAndGet();
                    LOG.debug("vector side of a hybrid recall failed, keyword results only: {}", e.toString());
                    return List.of();
                });
        return vector.thenCompose(vec -> onDb(() -> {
            List<Long> kw = db.keywordSearch(scope, query.text(), query.tags(), candidates);
            Map<Long, Double> fused = new LinkedHashMap<>();
            rrf(kw, fused);
            List<MemoryDb.Row> vecRows = filterTags(db.fetch(scope, vec), query.tags());
            List<Long> vecSeqs = new ArrayList<>();
            vecRows.forEach(r -> vecSeqs.add(r.seq()));
            rrf(vecSeqs, fused);
            List<Long> order = new ArrayList<>(fused.keySet());
            order.sort((a, b) -> Double.compare(fused.get(b), fused.get(a)));
            return records(db.fetch(scope, order.subList(0, Math.min(order.size(), query.limit()))));
        }));
    }

    /** Adds {@code 1/(K + rank)} (rank from 1) for every hit to its fused score. */
    static void rrf(List<Long> ranked, Map<Long, Double> fused) {
        for (int i = 0; i < ranked.size(); i++) {
            fused.merge(ranked.get(i), 1.0 / (RRF_K + i + 1), Double::sum);
        }
    }

    private CompletionStage<List<Long>> vectorSeqs(MemoryScope scope, RecallQuery query) {
        Embedder e = embedder;
        if (e == null) {
            return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.UNAVAILABLE,
                    refusal != null ? refusal : "no embedder is available (yet) for vector recall", null));
        }
        int k = Math.min(RecallQuery.MAX_LIMIT, query.tags().isEmpty() ? query.limit() * 2 : query.limit() * 8);
        return e.embed(List.of(query.text())).toCompletableFuture()
                .orTimeout(settings.embedTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(vs -> {
                    ScopeIndex idx = indexes.get(scope);
                    if (idx == null) {
                        return List.<Long>of();
                    }
                    List<Long> out = new ArrayList<>();
                    for (VectorHit h : idx.search(vs.get(0), k)) {
                        out.add(h.seq());
                    }
                    return out;
                });
    }

    private static List<MemoryRecord> top(List<MemoryDb.Row> rows, RecallQuery q) {
        List<MemoryRecord> out = records(filterTags(rows, q.tags()));
        return out.subList(0, Math.min(out.size(), q.limit()));
    }

    private static List<MemoryDb.Row> filterTags(List<MemoryDb.Row> rows, List<String> tags) {
        if (tags.isEmpty()) {
            return rows;
        }
        List<MemoryDb.Row> out = new ArrayList<>();
        for (MemoryDb.Row r : rows) {
            if (r.record().tags().containsAll(tags)) {
                out.add(r);
            }
        }
        return out;
    }

    private static List<MemoryRecord> records(List<MemoryDb.Row> rows) {
        List<MemoryRecord> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.record()));
        return out;
    }

    @Override
    public CompletionStage<Boolean> forget(MemoryScope scope, String id) {
        return onDb(() -> {
            Optional<MemoryDb.Row> row = db.find(scope, id);
            if (row.isEmpty()) {
                return false;
            }
            delete(scope, List.of(row.get().seq()));
            return true;
        });
    }

    @Override
    public CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId) {
        return onDb(() -> {
            List<Long> seqs = db.seqsBySender(scope, senderId);
            delete(scope, seqs);
            return (long) seqs.size();
        });
    }

    private void delete(MemoryScope scope, List<Long> seqs) throws SQLException {
        db.inTransaction(() -> {
            for (long s : seqs) {
                db.delete(s);
            }
            return null;
        });
        ScopeIndex idx = indexes.get(scope);
        if (idx != null) {
            seqs.forEach(idx::remove);
        }
    }

    @Override
    public CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink) {
        return onDb(() -> db.scan(scope, r -> sink.accept(r.record())));
    }

    @Override
    public CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records) {
        for (MemoryRecord r : records) {
            if (!r.scope().equals(scope)) {
                return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.SCOPE_VIOLATION,
                        "record " + r.id() + " belongs to " + r.scope() + ", not " + scope, null));
            }
        }
        return onDb(() -> {
            Map<Long, String> added = db.inTransaction(() -> {
                Map<Long, String> out = new LinkedHashMap<>();
                for (MemoryRecord r : records) {
                    long seq = db.insert(r);
                    if (seq >= 0) {
                        out.put(seq, r.content());
                    }
                }
                return out;
            });
            added.forEach(this::enqueue);
            return (long) added.size();
        });
    }

    // --- snapshots and operations -------------------------------------------------------------

    /** A record with its vector, as snapshots carry it. */
    public record Entry(MemoryRecord record, float[] vector) {
    }

    /** Streams the scope's records with their vectors (null when not embedded yet), oldest first. */
    public CompletionStage<Long> exportEntries(MemoryScope scope, Consumer<Entry> sink) {
        return onDb(() -> {
            List<MemoryDb.Row> rows = new ArrayList<>();
            db.scan(scope, rows::add);
            for (MemoryDb.Row r : rows) {
                sink.accept(new Entry(r.record(), db.vector(r.seq()).orElse(null)));
            }
            return (long) rows.size();
        });
    }

    /**
     * Replaces every memory of the scope with these entries, in one transaction; vectors are kept
     * as given (entries without one are queued for embedding).
     */
    public CompletionStage<Long> replaceScope(MemoryScope scope, List<Entry> entries) {
        for (Entry e : entries) {
            if (!e.record().scope().equals(scope)) {
                return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.SCOPE_VIOLATION,
                        "record " + e.record().id() + " belongs to " + e.record().scope() + ", not " + scope, null));
            }
        }
        return onDb(() -> {
            Map<Long, Entry> added = db.inTransaction(() -> {
                for (long s : db.seqsOfScope(scope)) {
                    db.delete(s);
                }
                Map<Long, Entry> out = new LinkedHashMap<>();
                for (Entry e : entries) {
                    long seq = db.insert(e.record());
                    if (e.vector() != null) {
                        checkDims(e.vector().length, "the snapshot");
                        db.putVector(seq, e.vector());
                    }
                    out.put(seq, e);
                }
                return out;
            });
            indexes.remove(scope);
            added.forEach((seq, e) -> {
                if (e.vector() != null) {
                    index(scope, e.vector().length).add(seq, e.vector());
                } else {
                    enqueue(seq, e.record().content());
                }
            });
            scheduleGraphs();
            return (long) added.size();
        });
    }

    /** Drops every stored vector and re-embeds every memory in the background (model change). */
    public CompletionStage<Long> reindex() {
        return onDb(() -> {
            long n = db.countVectors();
            db.dropVectors();
            indexes.clear();
            dims = 0;
            refusal = null;
            LOG.info("memory reindex: dropped {} vectors; re-embedding in the background", n);
            backlog.set(true);
            return n;
        });
    }

    /** @return counters for status output and tests */
    public Map<String, Long> stats() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("embedded", embedded.get());
        m.put("vector_failures", vectorFailures.get());
        m.put("embed_queue_pending", (long) queue.pending());
        m.put("embed_queue_dropped", queue.dropped());
        long indexed = 0;
        for (ScopeIndex i : indexes.values()) {
            indexed += i.size();
        }
        m.put("indexed_vectors", indexed);
        m.put("graphs_loaded", graphsLoaded.get());
        m.put("graphs_built", graphsBuilt.get());
        return m;
    }

    /** @return how many hybrid recalls fell back to keyword results because the vector side failed */
    public long vectorFailures() {
        return vectorFailures.get();
    }

    /** @return the stored vector count (from the database) */
    public CompletionStage<Long> vectorCount() {
        return onDb(db::countVectors);
    }

    // --- internals -----------------------------------------------------------------------------

    private void enqueue(long seq, String text) {
        if (settings.vectors() && embedder != null && !queue.offer(new EmbedQueue.Job(seq, text))) {
            backlog.set(true);
        }
    }

    /** Queues memories that have no vector yet (after drops, failures, an embedder arriving, a reindex). */
    private void sweepBacklog() {
        if (!settings.vectors() || embedder == null || !backlog.getAndSet(false)) {
            return;
        }
        dbThread.execute(() -> {
            try {
                Map<Long, String> missing = db.withoutVector(Math.max(1, queue.remainingCapacity()));
                missing.forEach(this::enqueue);
                if (missing.size() >= queue.remainingCapacity()) {
                    backlog.set(true);
                }
            } catch (SQLException | RuntimeException e) {
                backlog.set(true);
                LOG.warn("memory backlog sweep failed: {}", e.toString());
            }
        });
    }

    /** Runs on the embed thread: one embedding call, then the vectors are stored on the database thread. */
    private void embedBatch(List<EmbedQueue.Job> batch) {
        Embedder e = embedder;
        if (e == null) {
            backlog.set(true);
            return;
        }
        List<String> texts = new ArrayList<>(batch.size());
        batch.forEach(j -> texts.add(j.text()));
        List<float[]> vectors;
        try {
            vectors = e.embed(texts).toCompletableFuture().get(settings.embedTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception ex) {
            backlog.set(true);
            LOG.warn("embedding {} memories with {} failed; they stay keyword-only until the next sweep: {}",
                    batch.size(), e.modelId(), ex.toString());
            return;
        }
        CompletableFuture.runAsync(() -> storeVectors(batch, vectors, e.modelId()), dbThread).join();
    }

    private void storeVectors(List<EmbedQueue.Job> batch, List<float[]> vectors, String model) {
        try {
            for (int i = 0; i < batch.size(); i++) {
                long seq = batch.get(i).seq();
                float[] v = vectors.get(i);
                if (db.content(seq).isEmpty()) {
                    continue; // forgotten while it waited
                }
                checkDims(v.length, "embedder " + model);
                if (db.meta(MemoryDb.META_MODEL).isEmpty()) {
                    db.putMeta(MemoryDb.META_MODEL, model);
                }
                db.putVector(seq, v);
                MemoryScope scope = db.scopeOf(seq);
                index(scope, v.length).add(seq, v);
                embedded.incrementAndGet();
            }
            scheduleGraphs();
        } catch (SQLException | RuntimeException ex) {
            backlog.set(true);
            LOG.warn("storing memory vectors failed: {}", ex.toString());
        }
    }

    private void checkDims(int n, String who) throws SQLException {
        if (dims == 0) {
            dims = n;
            db.putMeta(MemoryDb.META_DIMS, Integer.toString(n));
        } else if (dims != n) {
            throw new MemoryException(MemoryErrorCode.DIMENSION_MISMATCH,
                    mismatch(dims, db.meta(MemoryDb.META_MODEL).orElse("?"), n, who), null);
        }
    }

    /** @return the scope's vector index, or null when it has no vectors */
    ScopeIndex indexOf(MemoryScope scope) {
        return indexes.get(scope);
    }

    private ScopeIndex index(MemoryScope scope, int d) {
        return indexes.computeIfAbsent(scope, s -> new ScopeIndex(d, settings.index()));
    }

    private void loadVectors() {
        try {
            Map<MemoryScope, Integer> counts = new HashMap<>();
            long n = db.loadVectors(v -> {
                index(v.scope(), v.vector().length).add(v.seq(), v.vector());
                counts.merge(v.scope(), 1, Integer::sum);
            });
            LOG.info("memory vector index loaded: {} vectors in {} scopes, no re-embedding", n, counts.size());
            scheduleGraphs();
        } catch (SQLException | RuntimeException e) {
            LOG.error("loading stored memory vectors failed; vector recall is unavailable: {}", e.toString());
        }
    }

    /**
     * Gives every scope that outgrew exact search its HNSW graph, off the database thread: the
     * graph saved for exactly these vectors if there is one (see {@link ScopeIndex#loadGraph}),
     * else a new build, which is then saved.
     */
    private void scheduleGraphs() {
        indexes.forEach((scope, idx) -> {
            if (idx.needsGraph()) {
                indexThread.execute(() -> graph(scope, idx));
            }
        });
    }

    private void graph(MemoryScope scope, ScopeIndex idx) {
        if (!idx.needsGraph()) {
            return; // queued twice
        }
        Path file = graphFile(scope);
        long t0 = System.nanoTime();
        if (idx.loadGraph(file)) {
            graphsLoaded.incrementAndGet();
            LOG.info("memory HNSW graph of {} loaded from {} in {} ms ({} vectors, no rebuild)", scope, file,
                    (System.nanoTime() - t0) / 1_000_000, idx.size());
            return;
        }
        idx.buildGraph();
        if (!idx.approximate()) {
            return; // interrupted
        }
        graphsBuilt.incrementAndGet();
        LOG.info("memory HNSW graph of {} built in {} ms ({} vectors)", scope, (System.nanoTime() - t0) / 1_000_000,
                idx.size());
        saveGraph(scope, idx);
    }

    private void saveGraph(MemoryScope scope, ScopeIndex idx) {
        if (!idx.graphUnsaved()) {
            return;
        }
        Path file = graphFile(scope);
        long t0 = System.nanoTime();
        try {
            if (idx.saveGraph(file)) {
                LOG.info("memory HNSW graph of {} saved to {} in {} ms", scope, file, (System.nanoTime() - t0) / 1_000_000);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("saving the memory HNSW graph of {} failed; it is rebuilt at the next start: {}", scope, e.toString());
        }
    }

    /** @return where the scope's graph is saved: {@code <db file>.hnsw/<tenant>/<agent>.graph} */
    Path graphFile(MemoryScope scope) {
        return graphDir.resolve(scope.tenantId()).resolve(scope.agentId() + ".graph");
    }

    private <T> CompletionStage<T> onDb(MemoryDb.SqlWork<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            dbThread.execute(() -> {
                try {
                    f.complete(work.run());
                } catch (SQLException e) {
                    f.completeExceptionally(new MemoryException(MemoryErrorCode.WRITE_FAILED, e.getMessage(), e));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new MemoryException(MemoryErrorCode.UNAVAILABLE, "the memory store is closed", e));
        }
        return f;
    }

    @Override
    public void close() {
        queue.close();
        indexThread.shutdownNow();
        dbThread.shutdown();
        try {
            if (!dbThread.awaitTermination(10, TimeUnit.SECONDS)) {
                dbThread.shutdownNow();
            }
            indexThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexes.forEach(this::saveGraph); // graphs changed since built or loaded: the next start loads them
        close(db);
    }
}

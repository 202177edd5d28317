package dev.nexo.memory.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;

/**
 * The SQLite {@link MemoryStore} service ({@code nexo.memory.backend=sqlite}), configured by
 * {@code memory.yaml}. It uses the HTTP embedder when {@code vector.embedding.provider} is
 * {@code http}, else whichever {@link Embedder} service is installed (the local MiniLM bundle by
 * default), bound and unbound at runtime. Immediate: the file opens at start and the bound embedder
 * begins loading its model in the background, so the first recall does not pay for it.
 */
@Component(service = {MemoryStore.class, MemoryComponent.class}, configurationPid = MemoryConfig.PID, immediate = true,
        property = MemoryStore.BACKEND + "=sqlite")
@Designate(ocd = MemoryConfig.class)
public final class MemoryComponent implements MemoryStore {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryComponent.class);

    private final SqliteMemoryStore store;
    private final Snapshots snapshots;
    private final boolean local;
    private final String model;
    private volatile Embedder bound;
    private final MemoryMetrics metrics;
    private MeterRegistry meterRegistry;

    @Activate
    public MemoryComponent(BundleContext ctx, MemoryConfig c) {
        Path root = stateRoot(ctx);
        Path file = root.resolve(c.long__term_sqlite_path()).normalize();
        SecretGuard guard = new SecretGuard(c.memory_secret__guard_enabled(), c.memory_secret__guard_on__secret(),
                Arrays.asList(c.memory_secret__guard_rules()), Arrays.asList(c.memory_secret__guard_exclude__rules()));
        SqliteMemoryStore.Settings s = new SqliteMemoryStore.Settings(
                RecallMode.valueOf(c.vector_default__recall__mode().toUpperCase(Locale.ROOT)), c.vector_enabled(),
                c.vector_embedding_queue__capacity(), c.vector_embedding_batch__size(),
                Duration.ofSeconds(c.vector_embedding_timeout__secs()),
                new ScopeIndex.Settings(c.vector_index_exact__max(), c.vector_index_m(), c.vector_index_ef__construction(),
                        c.vector_index_ef()));
        this.store = new SqliteMemoryStore(file, c.vector_embedding_dimensions(), s, guard, Clock.systemUTC());
        this.snapshots = new Snapshots(store, root.resolve("data").resolve("memory").resolve("snapshots"), Clock.systemUTC());
        this.local = !"http".equalsIgnoreCase(c.vector_embedding_provider());
        this.model = c.vector_embedding_model();
        this.metrics = new MemoryMetrics(store::stats);
        if (c.vector_enabled() && !local) {
            store.setEmbedder(new HttpEmbedder(c.vector_embedding_base__url(), c.vector_embedding_model(),
                    c.vector_embedding_api__key(), c.vector_embedding_dimensions(),
                    Duration.ofSeconds(c.vector_embedding_timeout__secs())));
        }
    }

    static Path stateRoot(BundleContext ctx) {
        String root = ctx.getProperty("nexo.state.root");
        return root != null ? Path.of(root) : Path.of(System.getProperty("user.home"), ".nexo");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEmbedder(Embedder e, Map<String, Object> props) {
        if (!local || (!model.isBlank() && !model.equals(props.get(Embedder.MODEL)))) {
            return;
        }
        LOG.info("memory uses embedder {} ({} dimensions)", e.modelId(), e.dimensions());
        bound = e;
        store.setEmbedder(e);
    }

    void unbindEmbedder(Embedder e) {
        if (bound == e) {
            bound = null;
            store.setEmbedder(null);
        }
    }

    // The store's counters on the core's /metrics, while its registry is up (metrics are optional).
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(nexo.registry=prometheus)")
    synchronized void bindMeterRegistry(MeterRegistry r) {
        meterRegistry = r;
        metrics.bind(r);
    }

    synchronized void unbindMeterRegistry(MeterRegistry r) {
        if (meterRegistry == r) { // a greedy replacement binds the new registry before unbinding the old
            meterRegistry = null;
            metrics.unbind();
        }
    }

    SqliteMemoryStore engine() {
        return store;
    }

    Snapshots snapshots() {
        return snapshots;
    }

    @Deactivate
    void deactivate() {
        metrics.unbind();
        store.close();
    }

    @Override
    public CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags, MemorySource source) {
        return store.store(scope, content, tags, source);
    }

    @Override
    public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
        return store.recall(scope, query);
    }

    @Override
    public CompletionStage<Boolean> forget(MemoryScope scope, String id) {
        return store.forget(scope, id);
    }

    @Override
    public CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId) {
        return store.forgetBySender(scope, senderId);
    }

    @Override
    public CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink) {
        return store.exportRecords(scope, sink);
    }

    @Override
    public CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records) {
        return store.importRecords(scope, records);
    }
}

package dev.nexo.broker.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.fault.CircuitState;

/**
 * Owns the broker: opens {@code broker.db}, builds the backend {@code dev.nexo.broker} asks for,
 * registers the single {@link Broker} service (property {@value Broker#KIND}) and swaps the backend
 * when {@code type} or {@code url} change, without re-registering the service. Also the dead-letter
 * sink and the operations behind {@code nexo:dlq} and {@code /admin/api/dlq}.
 */
// The Broker service is registered by hand (one registration whose kind property changes on a swap),
// so its capability is declared here for the resolver.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.nexo.api.broker.Broker\"")
@Component(service = BrokerRuntime.class, immediate = true, configurationPid = BrokerConfig.PID)
@Designate(ocd = BrokerConfig.class)
public class BrokerRuntime implements DeadLetterSink {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRuntime.class);
    static final String STATE_ROOT = "nexo.state.root";

    private final BrokerMetrics metrics = new BrokerMetrics();
    private final EventCodec codec = new EventCodec();
    private final CircuitBreaker breaker;
    private final BrokerDb db;
    private final DiskQueue spool;
    private final DeadLetterStore deadLetters;
    private final SwitchingBroker broker;
    private final ServiceRegistration<Broker> registration;
    private volatile BrokerConfig config;

    @Activate
    public BrokerRuntime(BundleContext context, BrokerConfig config, Map<String, Object> properties) {
        this(context, config, stateRoot(context), properties.containsKey("service.pid")); // set only with a configuration
    }

    BrokerRuntime(BundleContext context, BrokerConfig config, Path stateRoot) {
        this(context, config, stateRoot, true);
    }

    /**
     * @param configured whether {@code dev.nexo.broker} exists; at boot the component may start
     *     before the core has written it, and then the disk queue must wait for the real config
     *     rather than be published on a local broker nobody subscribes to yet
     */
    BrokerRuntime(BundleContext context, BrokerConfig config, Path stateRoot, boolean configured) {
        this.config = config;
        this.breaker = new CircuitBreaker("broker.nats.publish", CircuitBreaker.Settings.DEFAULTS, Clock.systemUTC(),
                (name, from, to) -> LOG.warn("circuit '{}' {} -> {}", name, from.wireName(), to.wireName()));
        metrics.circuit(breaker::state);
        Path dir = dataDir(stateRoot, config.persistence_path());
        BrokerDb opened = null;
        try {
            opened = new BrokerDb(dir, config.persistence_fsync());
        } catch (Exception e) {
            LOG.error("cannot open the broker database in {}: {}; no disk queue and no dead letters", dir, e.toString());
        }
        this.db = opened;
        this.spool = opened == null ? null : new DiskQueue(opened, Clock.systemUTC());
        this.deadLetters = opened == null ? null : new DeadLetterStore(opened, Clock.systemUTC());
        Backend initial = create(config);
        this.broker = new SwitchingBroker(initial);
        if (initial instanceof LocalBroker local && configured) {
            handOverSpool(local);
        }
        this.registration = context == null ? null
                : context.registerService(Broker.class, broker, properties(initial.kind()));
        LOG.info("broker started: {}", describe(config));
    }

    @Modified
    void modified(BrokerConfig next) {
        BrokerConfig prev = config;
        config = next;
        if (kind(prev).equals(kind(next)) && prev.url().equals(next.url())
                && durableSubjects(prev).equals(durableSubjects(next))) {
            return;
        }
        switchTo(next);
    }

    /** Swaps the backend to the one {@code next} describes. */
    synchronized void switchTo(BrokerConfig next) {
        Backend created = create(next);
        Backend old = broker.switchTo(created, Duration.ofMillis(next.drain_timeout__ms()));
        if (created instanceof LocalBroker local) {
            handOverSpool(local);
        }
        if (registration != null) {
            registration.setProperties(properties(created.kind()));
        }
        LOG.info("broker switched from {} to {}", old.kind(), describe(next));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        broker.close(Duration.ofMillis(config.drain_timeout__ms()));
        metrics.unbind();
        if (db != null) {
            db.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(nexo.registry=prometheus)")
    void bindRegistry(MeterRegistry registry) {
        metrics.bind(registry);
    }

    void unbindRegistry(MeterRegistry registry) {
        metrics.unbind();
    }

    /** @return the registered broker */
    SwitchingBroker broker() {
        return broker;
    }

    BrokerMetrics metrics() {
        return metrics;
    }

    CircuitState circuit() {
        return breaker.state();
    }

    /** @return spooled publishes waiting for NATS, or -1 when there is no disk queue */
    long spooled() {
        try {
            return spool == null ? -1 : spool.size();
        } catch (SQLException e) {
            return -1;
        }
    }

    private Backend create(BrokerConfig c) {
        DeliveryPolicy policy = new DeliveryPolicy(Math.max(1, c.retry_attempts()),
                Backoff.exponential(Duration.ofMillis(Math.max(1, c.retry_backoff__ms())),
                        Duration.ofMillis(Math.max(Math.max(1, c.retry_backoff__ms()), 2000))));
        if ("nats".equals(kind(c))) {
            if (c.url().isBlank()) {
                LOG.error("broker type nats needs a url; staying on the local broker");
            } else {
                NatsBroker.Settings s = new NatsBroker.Settings(c.url(),
                        c.persistence_enabled() && !"drop".equals(c.fallback_mode()), Math.max(16, c.dedupe_window()),
                        Math.max(1, c.limits_max__pending()), Duration.ofMillis(20), durableSubjects(c),
                        Duration.ofMillis(Math.max(100, c.jetstream_ack__wait__ms())));
                return new NatsBroker(s, c.persistence_enabled() ? spool : null, policy, this, metrics, breaker).start();
            }
        }
        return new LocalBroker(policy, this, metrics);
    }

    /** Publishes what NATS never got into the local broker (after a switch to local, or at start). */
    private void handOverSpool(LocalBroker local) {
        if (spool == null) {
            return;
        }
        try {
            int n = 0;
            for (List<DiskQueue.Row> rows = spool.peek(DiskQueue.BATCH); !rows.isEmpty(); rows = spool.peek(DiskQueue.BATCH)) {
                for (DiskQueue.Row r : rows) {
                    String text = new String(r.payload(), StandardCharsets.UTF_8);
                    try {
                        local.publish(codec.decode(text));
                        n++;
                    } catch (EventCodec.MalformedEventException e) {
                        spoolFailed(r.topic(), text, "undeserializable queue row: " + e.getMessage(), r.attempts());
                    }
                }
                spool.delete(rows);
            }
            if (n > 0) {
                LOG.info("published {} event(s) from the disk queue on the local broker", n);
            }
        } catch (SQLException e) {
            LOG.error("cannot read the disk queue: {}", e.toString());
        }
    }

    private static List<String> durableSubjects(BrokerConfig c) {
        List<String> out = new java.util.ArrayList<>();
        for (String s : c.jetstream_subjects() == null ? new String[0] : c.jetstream_subjects()) {
            if (s != null && !s.isBlank()) {
                try {
                    out.add(dev.nexo.api.event.TopicPattern.compile(s.trim()).toString());
                } catch (IllegalArgumentException e) {
                    LOG.error("ignoring jetstream subject: {}", e.getMessage());
                }
            }
        }
        return out;
    }

    private static String kind(BrokerConfig c) {
        return c.type() == null ? "local" : c.type().trim().toLowerCase(Locale.ROOT);
    }

    private static String describe(BrokerConfig c) {
        return "nats".equals(kind(c)) && !c.url().isBlank() ? "nats (" + c.url() + ")" : "local";
    }

    private static Dictionary<String, Object> properties(String kind) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(Broker.KIND, kind);
        return p;
    }

    static Path stateRoot(BundleContext context) {
        String root = context == null ? System.getProperty(STATE_ROOT) : context.getProperty(STATE_ROOT);
        if (root == null || root.isBlank()) {
            root = System.getenv("NEXO_HOME");
        }
        if (root == null || root.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".nexo").toAbsolutePath().normalize();
        }
        return Path.of(root.trim()).toAbsolutePath().normalize();
    }

    static Path dataDir(Path stateRoot, String configured) {
        if (configured == null || configured.isBlank() || "./data/queue".equals(configured.trim())) {
            return stateRoot.resolve("data").resolve("broker");
        }
        Path p = Path.of(configured.trim());
        return p.isAbsolute() ? p : stateRoot.resolve(p).normalize();
    }

    // ---- dead letters ----

    @Override
    public void handlerFailed(Event event, String subscription, Throwable error, int attempts) {
        store(event.id(), event.topic(), subscription, codec.encodeText(event), error.toString(), attempts, false);
    }

    @Override
    public void malformed(String topic, String subscription, String raw, String error) {
        LOG.warn("malformed message on '{}' moved to the dead letters: {}", topic, error);
        store(null, topic, subscription, raw, "malformed: " + error, 0, true);
    }

    @Override
    public void spoolFailed(String topic, String wire, String error, int attempts) {
        LOG.warn("disk queue row for '{}' moved to the dead letters after {} attempt(s): {}", topic, attempts, error);
        String id = null;
        boolean malformed = false;
        try {
            id = codec.decode(wire).id();
        } catch (EventCodec.MalformedEventException e) {
            malformed = true;
        }
        store(id, topic, null, wire, error, attempts, malformed);
    }

    private void store(String eventId, String topic, String subscription, String payload, String error, int attempts,
            boolean malformed) {
        metrics.deadLettered.increment();
        if (deadLetters == null) {
            LOG.error("no dead-letter store: lost {} on '{}' ({})", eventId, topic, error);
            return;
        }
        try {
            deadLetters.add(eventId, topic, subscription, payload, error, attempts, malformed);
        } catch (SQLException e) {
            LOG.error("cannot store dead letter {} on '{}': {}", eventId, topic, e.toString());
        }
    }

    List<DeadLetterStore.DeadLetter> listDeadLetters(int limit) throws SQLException {
        return requireStore().list(limit);
    }

    Optional<DeadLetterStore.DeadLetter> deadLetter(long id) throws SQLException {
        return requireStore().get(id);
    }

    /**
     * Publishes a dead letter again (a fresh delivery, so attempts start over) and removes it.
     *
     * @return the republished event
     * @throws IllegalArgumentException if it does not exist or is malformed
     */
    Event replay(long id) throws SQLException {
        DeadLetterStore store = requireStore();
        DeadLetterStore.DeadLetter d = store.get(id).orElseThrow(() -> new java.util.NoSuchElementException(
                "no dead letter " + id));
        if (d.malformed) {
            throw new IllegalArgumentException("dead letter " + id + " is malformed and cannot be replayed");
        }
        Event original = codec.decode(d.payload);
        Event again = original.toBuilder().header(NatsBroker.REPLAY_HEADER, Long.toString(id)).build();
        broker.publish(again).toCompletableFuture().join();
        store.delete(id);
        return again;
    }

    /** @return whether it existed */
    boolean deleteDeadLetter(long id) throws SQLException {
        return requireStore().delete(id);
    }

    /** @return how many were removed */
    int purgeDeadLetters() throws SQLException {
        return requireStore().purge();
    }

    long deadLetterCount() throws SQLException {
        return requireStore().count();
    }

    private DeadLetterStore requireStore() throws SQLException {
        if (deadLetters == null) {
            throw new SQLException("the broker database could not be opened; see the log");
        }
        return deadLetters;
    }
}

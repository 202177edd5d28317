package dev.nexo.broker.internal;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.TopicPattern;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;

/**
 * The NATS broker (jnats). Subjects are the topics; queue groups are NATS queue groups, so several
 * Nexo processes on one server share work.
 *
 * <p><b>Publishing without loss.</b> Core NATS does not acknowledge a publish, so this class does:
 * a publish is written to the connection and kept in memory until a later {@code flush}
 * (PING/PONG) round trip proves the server has read it; only then does its stage complete. One
 * flush confirms every publish before it, so the worker flushes as soon as somebody waits for (or
 * chains onto) an unconfirmed publish's stage, and otherwise lingers up to {@value #LINGER_EVENTS}
 * publishes or 2 ms: publishes nobody waits for cost a few round trips a second, not one each. When
 * the connection drops, the flush fails or the circuit breaker opens, every unconfirmed publish and
 * every new one goes, in order, to the {@link DiskQueue} (committed before the stage completes).
 * Once connected again, one worker drains the queue FIFO in batches of {@value DiskQueue#BATCH},
 * deleting each batch after its flush; publishing goes direct again only when the queue is empty,
 * so order per publisher is kept. A publish that may have reached the server before the drop is
 * sent again: delivery is at-least-once, and each subscription drops event ids it has already seen
 * (a bounded window).
 *
 * <p><b>Two connections.</b> Publishes go on a <em>publishing</em> connection that never
 * reconnects: jnats, when it reconnects, re-sends what was still in its outgoing buffer from
 * before the drop, and those stale copies would overtake older events already moved to the disk
 * queue. A publishing connection that had any trouble is closed and abandoned with whatever it
 * still buffered; the next one is fresh, and the disk queue (holding every unconfirmed publish, in
 * order) is drained on it first. Subscriptions live on a <em>subscribing</em> connection that does
 * reconnect (forever, 250 ms doubling to 10 s) and re-subscribes, so inbound messages it buffered
 * are not lost. Publishing goes direct (or drains) only once the subscribing connection is up and a
 * flush has proved the server has its subscriptions, so nothing drained goes unheard.
 */
final class NatsBroker implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(NatsBroker.class);
    private static final Backoff RECONNECT = Backoff.exponential(Duration.ofMillis(250), Duration.ofSeconds(10));
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Longest a publish nobody waits for stays unconfirmed: a flush round trip then confirms every
     * publish since the last one. A publish somebody waits for is confirmed at once.
     */
    static final long LINGER_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(2);
    /** Unconfirmed publishes that trigger a confirming flush before the linger ends: bounds the memory held. */
    static final int LINGER_EVENTS = 8192;
    /** Header that makes a replayed dead letter distinct from its first delivery. */
    static final String REPLAY_HEADER = "nexo.replay";

    /** Tunables. */
    record Settings(String url, boolean spoolWhenDown, int dedupeWindow, long pendingLimit, Duration flushInterval,
            List<String> durableSubjects, Duration ackWait) {
        Settings(String url, boolean spoolWhenDown, int dedupeWindow, long pendingLimit, Duration flushInterval) {
            this(url, spoolWhenDown, dedupeWindow, pendingLimit, flushInterval, List.of(), Duration.ofSeconds(30));
        }
    }

    /** The JetStream stream holding the durable subjects. */
    static final String STREAM = "NEXO";

    /**
     * The acknowledgement shared by the publishes one confirming flush covers: one future per flush,
     * not per publish. Callers get its read-only {@link #stage}, which wakes the worker for a flush
     * the moment anybody chains onto it, and lets a caller about to block on it send that flush
     * itself; stages complete in publish order.
     */
    private final class Ack implements WatchedStage.Watcher {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final CompletionStage<Void> stage = new WatchedStage<>(done, this);
        /** When the first publish it covers was made. */
        final long openedAt = System.nanoTime();
        /** Set once somebody waits for it (or it covers enough publishes): confirm it now. */
        volatile boolean wanted;

        void want() {
            if (!wanted && !done.isDone()) {
                wanted = true;
                java.util.concurrent.locks.LockSupport.unpark(worker);
            }
        }

        @Override
        public void watched() {
            want();
        }

        /**
         * Sends the confirming flush on the caller's thread, unless a flush is under way (the worker
         * then confirms this acknowledgement next, it is wanted): a caller that blocks anyway
         * saves the hand-over to the worker and back.
         */
        @Override
        public void beforeBlocking() throws InterruptedException {
            Connection p = pubConn;
            if (done.isDone() || p == null || !flushLock.tryLock()) {
                return;
            }
            try {
                if (!done.isDone() && isDirect()) {
                    flushUnconfirmedLocked(p);
                }
            } finally {
                flushLock.unlock();
            }
        }

        void resolve(Throwable failure) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    /** What a publish that went straight to the disk queue returns. */
    private static final CompletionStage<Void> SPOOLED = CompletableFuture.completedStage(null);

    private final Settings settings;
    private final DiskQueue spool;
    private final DeliveryPolicy policy;
    private final DeadLetterSink deadLetters;
    private final BrokerMetrics metrics;
    private final CircuitBreaker breaker;
    private final EventCodec codec = new EventCodec();
    private final List<NatsSubscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Thread worker;
    /** Runs the subscriptions' handlers (one at a time per subscription). */
    private final DeliveryPool pool = DeliveryPool.forMachine("nexo-broker-nats-delivery");

    private final Object lane = new Object();
    /** Held while a confirming flush is sent: by the worker, or by a caller blocked on an acknowledgement. */
    private final java.util.concurrent.locks.ReentrantLock flushLock = new java.util.concurrent.locks.ReentrantLock();
    /** Published on the connection, not yet confirmed by a flush, oldest first (guarded by the lane). */
    private final ArrayDeque<Event> unconfirmed = new ArrayDeque<>();
    /** The acknowledgement of the publishes after those the flush in progress covers, or null (guarded by the lane). */
    private Ack open;
    /** The acknowledgement of the publishes the flush in progress covers, or null (guarded by the lane). */
    private Ack flushing;
    /** The latest publish's acknowledgement while it is unconfirmed, else null (guarded by the lane). */
    private Ack lastPublish;
    private boolean direct;
    private boolean closed;
    /** The subscribing connection (auto-reconnects); subscriptions attach to it. */
    private volatile Connection conn;
    /** The publishing connection (never reconnects; replaced after any trouble). */
    private volatile Connection pubConn;
    /** Set when the publishing connection must not be used again (guarded by the lane). */
    private boolean pubStale;
    /** Bumped whenever the subscribing connection drops or comes back: its subscriptions need a flush. */
    private final java.util.concurrent.atomic.AtomicLong subEpoch = new java.util.concurrent.atomic.AtomicLong();
    /** The {@link #subEpoch} whose subscriptions a flush has confirmed, or -1. */
    private volatile long subsReadyEpoch = -1;
    /** False from a drop of the subscribing connection until jnats has re-sent its subscriptions. */
    private volatile boolean subsUp = true;
    private volatile boolean running = true;

    NatsBroker(Settings settings, DiskQueue spool, DeliveryPolicy policy, DeadLetterSink deadLetters,
            BrokerMetrics metrics, CircuitBreaker breaker) {
        this.settings = settings;
        this.spool = spool;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.breaker = breaker;
        this.worker = new Thread(this::work, "nexo-broker-nats");
        worker.setDaemon(true);
    }

    NatsBroker start() {
        pool.start();
        worker.start();
        return this;
    }

    @Override
    public String kind() {
        return "nats";
    }

    /** @return whether publishes currently go straight to NATS (connected, queue empty) */
    boolean isDirect() {
        synchronized (lane) {
            return direct;
        }
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        Objects.requireNonNull(event, "event");
        byte[] data = codec.encode(event);
        synchronized (lane) {
            if (closed) {
                return CompletableFuture.failedStage(new IllegalStateException("the NATS broker is closed"));
            }
            if (direct) {
                try {
                    pubConn.publish(event.topic(), data);
                    unconfirmed.add(event);
                    Ack a = open;
                    if (a == null) {
                        a = open = new Ack();
                    }
                    lastPublish = a;
                    int n = unconfirmed.size();
                    if (n == 1) {
                        lane.notifyAll(); // wake the worker: something to confirm, in LINGER_NANOS at the latest
                    } else if (n >= LINGER_EVENTS) {
                        a.want();
                    }
                    return a.stage;
                } catch (RuntimeException e) {
                    LOG.debug("NATS publish failed, spooling: {}", e.toString());
                    goDarkLocked();
                }
            }
            Throwable failure = spoolLocked(List.of(event));
            return failure == null ? SPOOLED : CompletableFuture.failedStage(failure);
        }
    }

    /**
     * Stops publishing direct; unconfirmed publishes move to the disk queue first (and their
     * acknowledgements complete, or fail if they cannot be written), and the publishing connection
     * is abandoned with whatever it still buffers. Holds the lane.
     */
    private void goDarkLocked() {
        if (direct && !closed) {
            LOG.warn("NATS unreachable: publishes go to the disk queue until it is back");
        }
        if (direct) {
            pubStale = true;
        }
        direct = false;
        if (!unconfirmed.isEmpty()) {
            List<Event> rest = new ArrayList<>(unconfirmed);
            unconfirmed.clear();
            Throwable failure = spoolLocked(rest);
            for (Ack a : new Ack[] {flushing, open}) {
                if (a != null) {
                    a.resolve(failure);
                }
            }
            flushing = null;
            open = null;
            lastPublish = null;
        }
    }

    private void goDark() {
        synchronized (lane) {
            goDarkLocked();
        }
    }

    /** @return {@code null} once the events are in the disk queue, else why they are not (they are lost) */
    private Throwable spoolLocked(List<Event> events) {
        if (spool == null || !settings.spoolWhenDown()) {
            metrics.dropped.add(events.size());
            return new IllegalStateException("NATS is unreachable and the disk queue is "
                    + (spool == null ? "disabled" : "not used (fallback.mode=drop)"));
        }
        List<DiskQueue.Row> rows = new ArrayList<>(events.size());
        for (Event e : events) {
            rows.add(new DiskQueue.Row(0, e.topic(), codec.encode(e), null, 0));
        }
        try {
            spool.enqueueAll(rows);
        } catch (SQLException e) {
            LOG.error("cannot write {} event(s) to the disk queue: {}", rows.size(), e.toString());
            return e;
        }
        metrics.spooled.add(events.size());
        metrics.published.inc(events.size());
        return null;
    }

    private void work() {
        int attempt = 0;
        Duration delay = null;
        while (running) {
            try {
                Connection c = conn;
                if (c == null) {
                    try {
                        c = connect(true);
                        ensureStream(c);
                        conn = c;
                        attempt = 0;
                        delay = null;
                        for (NatsSubscription s : subscriptions) {
                            s.attach(c);
                        }
                        LOG.info("connected to NATS at {}", c.getConnectedUrl());
                    } catch (java.io.IOException e) {
                        delay = RECONNECT.delay(++attempt, delay);
                        if (attempt == 1 || attempt % 20 == 0) {
                            LOG.warn("cannot connect to NATS ({}); retrying every {} ms at most", e.getMessage(),
                                    RECONNECT.cap().toMillis());
                        }
                        Thread.sleep(delay.toMillis());
                    }
                    continue;
                }
                if (c.getStatus() != Connection.Status.CONNECTED || !subsUp) {
                    goDark();
                    Thread.sleep(settings.flushInterval().toMillis());
                    continue;
                }
                long epoch = subEpoch.get();
                if (subsReadyEpoch != epoch) {
                    // the server has every subscription once a flush after them returns
                    try {
                        c.flush(FLUSH_TIMEOUT);
                        subsReadyEpoch = epoch;
                    } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
                        LOG.debug("NATS subscribing connection flush failed: {}", e.toString());
                        Thread.sleep(settings.flushInterval().toMillis());
                    }
                    continue;
                }
                Connection p = publishingConnection();
                if (p == null) {
                    try {
                        pubConn = connect(false);
                        synchronized (lane) {
                            pubStale = false;
                        }
                    } catch (java.io.IOException e) {
                        LOG.debug("cannot open the NATS publishing connection: {}", e.toString());
                        Thread.sleep(settings.flushInterval().toMillis());
                    }
                    continue;
                }
                if (isDirect()) {
                    if (awaitConfirmationDue()) {
                        flushUnconfirmed(p); // one flush confirms everything published before it
                    }
                } else if (!drain(p)) {
                    Thread.sleep(settings.flushInterval().toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("NATS broker worker: {}", e.toString(), e);
            }
        }
    }

    /**
     * Waits until the open acknowledgement is due: somebody waits for it, it covers
     * {@link #LINGER_EVENTS} publishes, or its first publish is {@link #LINGER_NANOS} old. Publishes
     * nobody waits for are thus confirmed in batches, a few flush round trips a second however fast
     * they come, and a caller who waits is not held back by the linger. Returns at once with
     * {@code false} after waiting for a first publish that did not come.
     */
    private boolean awaitConfirmationDue() throws InterruptedException {
        Ack a;
        synchronized (lane) {
            a = open;
            if (a == null || unconfirmed.isEmpty()) {
                if (direct) {
                    lane.wait(settings.flushInterval().toMillis());
                }
                return false;
            }
        }
        long deadline = a.openedAt + LINGER_NANOS;
        while (!a.wanted && !a.done.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }

    /**
     * @return the publishing connection if it is usable; {@code null} after closing and forgetting
     *         one that dropped or had trouble (its buffered bytes must never reach the server)
     */
    private Connection publishingConnection() throws InterruptedException {
        Connection p = pubConn;
        if (p == null) {
            return null;
        }
        boolean stale;
        synchronized (lane) {
            if (p.getStatus() != Connection.Status.CONNECTED) {
                goDarkLocked();
                pubStale = true;
            }
            stale = pubStale;
        }
        if (!stale) {
            return p;
        }
        pubConn = null;
        p.close(); // a no-op when jnats has closed it already (it never reconnects)
        return null;
    }

    private Connection connect(boolean subscribing) throws java.io.IOException, InterruptedException {
        Options.Builder b = new Options.Builder()
                .server(settings.url())
                .connectionTimeout(Duration.ofSeconds(2))
                .errorListener(new ErrorListener() {
                    @Override
                    public void slowConsumerDetected(Connection c, Consumer consumer) {
                        LOG.warn("NATS slow consumer: pending limit reached, NATS drops messages for it");
                    }
                });
        if (subscribing) {
            b.connectionName("nexo")
                    .maxReconnects(-1)
                    .reconnectDelayHandler(tries -> RECONNECT.delay((int) Math.min(Math.max(tries, 1), 30), null))
                    .reconnectBufferSize(0) // never buffer in memory while disconnected
                    .connectionListener(this::onSubscribingEvent);
        } else {
            b.connectionName("nexo-publish")
                    .noReconnect() // a fresh connection after an outage: nothing stale is re-sent
                    .connectionListener(this::onPublishingEvent);
        }
        return Nats.connect(b.build());
    }

    /** Creates or updates the JetStream stream for the durable subjects, if any. */
    private void ensureStream(Connection c) {
        if (settings.durableSubjects().isEmpty()) {
            return;
        }
        StreamConfiguration sc = StreamConfiguration.builder().name(STREAM).subjects(settings.durableSubjects())
                .storageType(StorageType.File).build();
        try {
            JetStreamManagement jsm = c.jetStreamManagement();
            try {
                jsm.getStreamInfo(STREAM);
                jsm.updateStream(sc);
            } catch (JetStreamApiException notThere) {
                jsm.addStream(sc);
            }
            LOG.info("JetStream stream {} holds {}", STREAM, settings.durableSubjects());
        } catch (java.io.IOException | JetStreamApiException e) {
            LOG.error("cannot set up JetStream stream {} for {} (is JetStream enabled on the server?): {}", STREAM,
                    settings.durableSubjects(), e.toString());
        }
    }

    /** @return whether a queue-group subscription on {@code pattern} is served by a durable consumer */
    boolean isDurable(TopicPattern pattern, String group) {
        if (group == null || settings.durableSubjects().isEmpty()) {
            return false;
        }
        String asTopic = pattern.toString().replace('*', 'x').replace('>', 'x');
        for (String d : settings.durableSubjects()) {
            if (TopicPattern.compile(d).matches(asTopic)) {
                return true;
            }
        }
        return false;
    }

    private void onSubscribingEvent(Connection c, ConnectionListener.Events type) {
        switch (type) {
            case DISCONNECTED:
            case CLOSED:
                subsUp = false;
                subEpoch.incrementAndGet();
                goDark(); // until the subscriptions are back, a drained event could go unheard here
                LOG.debug("NATS subscribing connection {}", type.name().toLowerCase(java.util.Locale.ROOT));
                break;
            case RESUBSCRIBED: // jnats has re-sent the subscriptions after a reconnect
                subEpoch.incrementAndGet();
                subsUp = true;
                LOG.info("NATS reconnected to {}", c.getConnectedUrl());
                break;
            default:
                break;
        }
    }

    private void onPublishingEvent(Connection c, ConnectionListener.Events type) {
        if (type == ConnectionListener.Events.DISCONNECTED || type == ConnectionListener.Events.CLOSED) {
            synchronized (lane) {
                if (c == pubConn) {
                    goDarkLocked();
                    pubStale = true;
                }
            }
            LOG.debug("NATS publishing connection {}", type.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Flushes, then acknowledges every publish made before the flush started (holding {@link #flushLock}). */
    private void flushUnconfirmed(Connection c) throws InterruptedException {
        flushLock.lock();
        try {
            flushUnconfirmedLocked(c);
        } finally {
            flushLock.unlock();
        }
    }

    private void flushUnconfirmedLocked(Connection c) throws InterruptedException {
        Ack ack;
        int count;
        synchronized (lane) {
            if (unconfirmed.isEmpty() || open == null) {
                return;
            }
            count = unconfirmed.size(); // the previous flush's publishes have left: these are all open's
            ack = flushing = open;
            open = null;
        }
        if (!breaker.tryAcquire()) {
            goDark();
            return;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    c.flush(FLUSH_TIMEOUT);
                    break;
                } catch (InterruptedException e) {
                    // a started flush runs to its end (FLUSH_TIMEOUT at most), so its publishes are
                    // confirmed or spooled, never left hanging; the thread stays interrupted after
                    interrupted = true;
                }
            }
            breaker.onSuccess();
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            breaker.onFailure();
            LOG.debug("NATS flush failed: {}", e.toString());
            goDark();
            return;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lane) {
            if (flushing != ack) {
                return; // went dark meanwhile: spooled and acknowledged there
            }
            for (int i = 0; i < count; i++) {
                unconfirmed.pollFirst();
            }
            flushing = null;
            if (lastPublish == ack) {
                lastPublish = null;
            }
        }
        metrics.published.inc(count);
        ack.resolve(null);
    }

    /**
     * Sends one batch from the disk queue.
     *
     * @return whether there may be more to send at once
     */
    private boolean drain(Connection c) throws InterruptedException {
        if (spool == null) {
            synchronized (lane) {
                direct = !closed && !pubStale;
            }
            return false;
        }
        if (!breaker.tryAcquire()) {
            return false;
        }
        try {
            List<DiskQueue.Row> rows = spool.peek(DiskQueue.BATCH);
            if (rows.isEmpty()) {
                synchronized (lane) {
                    if (!closed && !pubStale && spool.peek(1).isEmpty()) { // publishes append under the lane lock
                        direct = true;
                        LOG.info("disk queue drained: publishing straight to NATS again");
                    }
                }
                breaker.onSuccess();
                return false;
            }
            List<DiskQueue.Row> sent = new ArrayList<>(rows.size());
            List<DiskQueue.Row> dead = new ArrayList<>();
            for (DiskQueue.Row r : rows) {
                String text = new String(r.payload(), StandardCharsets.UTF_8);
                try {
                    codec.decode(text);
                } catch (EventCodec.MalformedEventException e) {
                    deadLetters.spoolFailed(r.topic(), text, "undeserializable queue row: " + e.getMessage(), r.attempts());
                    dead.add(r);
                    continue;
                }
                try {
                    c.publish(r.topic(), r.payload());
                    sent.add(r);
                } catch (IllegalStateException e) {
                    break; // disconnected: not this row's fault
                } catch (RuntimeException e) {
                    int attempts = spool.recordFailure(r);
                    if (attempts >= DiskQueue.MAX_ATTEMPTS) {
                        deadLetters.spoolFailed(r.topic(), text, e.toString(), attempts);
                        dead.add(r);
                    }
                }
            }
            spool.delete(dead);
            if (sent.isEmpty() && dead.isEmpty()) {
                breaker.onFailure();
                abandonPublishing();
                return false;
            }
            c.flush(FLUSH_TIMEOUT);
            spool.delete(sent);
            breaker.onSuccess();
            return true;
        } catch (SQLException | java.util.concurrent.TimeoutException | RuntimeException e) {
            breaker.onFailure();
            LOG.debug("draining the disk queue failed: {}", e.toString());
            abandonPublishing(); // the batch stays queued; it is sent again on a fresh connection
            return false;
        }
    }

    private void abandonPublishing() {
        synchronized (lane) {
            pubStale = true;
        }
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        TopicPattern p = TopicPattern.compile(pattern);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        NatsSubscription s = new NatsSubscription(p, options, handler);
        subscriptions.add(s);
        Connection c = conn;
        if (c != null) {
            s.attach(c);
            if (c.getStatus() == Connection.Status.CONNECTED) {
                // publishes go on the other connection: make sure the server has the subscription first
                try {
                    c.flush(FLUSH_TIMEOUT);
                } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
                    LOG.debug("NATS flush after subscribing to {} failed: {}", pattern, e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return s.mailbox;
    }

    @Override
    public CompletionStage<Event> request(Event request, Duration timeout) {
        return Requests.request(this, request, timeout);
    }

    @Override
    public void close(Duration timeout) {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = conn;
        Connection p = pubConn;
        synchronized (lane) {
            closed = true;
        }
        if (p != null && p.getStatus() == Connection.Status.CONNECTED && isDirectOrEmpty()) {
            try {
                flushUnconfirmed(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        goDark(); // what is still unconfirmed is persisted
        for (NatsSubscription s : subscriptions) {
            s.drain(Duration.ofSeconds(2));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (NatsSubscription s : subscriptions) {
            s.mailbox.drainAndClose(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        subscriptions.clear();
        pool.close(Duration.ofSeconds(2));
        for (Connection x : new Connection[] {p, c}) {
            if (x != null) {
                try {
                    x.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        pubConn = null;
    }

    private boolean isDirectOrEmpty() {
        synchronized (lane) {
            return direct || unconfirmed.isEmpty();
        }
    }

    /** A subscription: a jnats dispatcher feeding a {@link Mailbox}, with an id window for dedupe. */
    private final class NatsSubscription {
        final Mailbox mailbox;
        private final Map<String, Boolean> seen;
        private Dispatcher dispatcher;
        private Connection attachedTo;

        NatsSubscription(TopicPattern pattern, SubscriptionOptions options, EventHandler handler) {
            this.mailbox = new Mailbox(pattern, options, handler, policy, deadLetters, metrics, m -> remove(this),
                    pool);
            int window = settings.dedupeWindow();
            this.seen = new LinkedHashMap<>(Math.min(window, 1024), 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > window;
                }
            };
        }

        synchronized void attach(Connection c) {
            if (attachedTo == c || !mailbox.isActive()) {
                return;
            }
            String group = mailbox.options().queueGroup().orElse(null);
            String subject = mailbox.pattern().toString();
            Dispatcher d;
            if (isDurable(mailbox.pattern(), group)) {
                d = c.createDispatcher();
                // one durable consumer per group and pattern: members share it; what a member took but
                // never acknowledged (it died) goes to another member after ackWait
                String durable = (group + "_" + subject).replaceAll("[^A-Za-z0-9_-]", "_");
                ConsumerConfiguration cc = ConsumerConfiguration.builder().durable(durable).deliverGroup(group)
                        .filterSubject(subject).ackPolicy(AckPolicy.Explicit).ackWait(settings.ackWait())
                        .maxAckPending(Math.max(1, mailbox.options().capacity())).build();
                try {
                    c.jetStream().subscribe(subject, group, d, this::onDurableMessage, false,
                            PushSubscribeOptions.builder().configuration(cc).build());
                } catch (java.io.IOException | JetStreamApiException e) {
                    LOG.error("cannot subscribe durably to {} [{}]; falling back to core NATS: {}", subject, group,
                            e.toString());
                    d.subscribe(subject, group, this::onMessage);
                }
            } else {
                d = c.createDispatcher(this::onMessage);
                if (group == null) {
                    d.subscribe(subject);
                } else {
                    d.subscribe(subject, group);
                }
            }
            d.setPendingLimits(settings.pendingLimit(), 64L * 1024 * 1024);
            dispatcher = d;
            attachedTo = c;
        }

        synchronized void detach() {
            if (dispatcher != null && attachedTo != null) {
                try {
                    attachedTo.closeDispatcher(dispatcher);
                } catch (RuntimeException e) {
                    LOG.debug("closing a NATS dispatcher: {}", e.toString());
                }
            }
            dispatcher = null;
        }

        /** Unsubscribes, then lets the dispatcher hand over what NATS had already sent (up to the timeout). */
        synchronized void drain(Duration timeout) {
            Dispatcher d = dispatcher;
            if (d != null && attachedTo != null && attachedTo.getStatus() == Connection.Status.CONNECTED) {
                try {
                    d.drain(timeout).get(timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS);
                    dispatcher = null;
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    LOG.debug("draining a NATS dispatcher: {}", e.toString());
                }
            }
            detach();
        }

        private void onMessage(Message msg) {
            byte[] data = msg.getData();
            Event e;
            try {
                e = codec.decode(data);
            } catch (EventCodec.MalformedEventException ex) {
                deadLetters.malformed(msg.getSubject(), mailbox.describe(),
                        data == null ? "" : new String(data, StandardCharsets.UTF_8), ex.getMessage());
                return;
            }
            String key = e.header(REPLAY_HEADER).map(r -> e.id() + '#' + r).orElse(e.id());
            synchronized (seen) {
                if (seen.put(key, Boolean.TRUE) != null) {
                    metrics.duplicates.increment();
                    return;
                }
            }
            mailbox.offer(e);
        }

        /** A JetStream message: acknowledged once handled or dead-lettered, negatively if dropped. */
        private void onDurableMessage(Message msg) {
            byte[] data = msg.getData();
            Event e;
            try {
                e = codec.decode(data);
            } catch (EventCodec.MalformedEventException ex) {
                deadLetters.malformed(msg.getSubject(), mailbox.describe(),
                        data == null ? "" : new String(data, StandardCharsets.UTF_8), ex.getMessage());
                msg.term();
                return;
            }
            String key = e.header(REPLAY_HEADER).map(r -> e.id() + '#' + r).orElse(e.id());
            synchronized (seen) {
                Boolean handled = seen.get(key);
                if (handled != null) {
                    metrics.duplicates.increment();
                    if (handled) {
                        msg.ack();
                    } else {
                        // the first copy is still queued here (ack_wait ran out): acking this one
                        // would lose the event if the process died before handling that copy
                        msg.inProgress();
                    }
                    return;
                }
                seen.put(key, Boolean.FALSE);
            }
            mailbox.offer(e, new Mailbox.Completion() {
                @Override
                public void handled() {
                    synchronized (seen) {
                        seen.replace(key, Boolean.TRUE);
                    }
                    // what the handler published travels on the publishing connection, the ack on
                    // this one: ack only once those publishes are confirmed (or in the disk queue),
                    // so a crash right after the ack cannot lose the handler's output
                    Ack last;
                    synchronized (lane) {
                        last = lastPublish; // null: nothing this process published is unconfirmed
                    }
                    if (last == null || last.done.isDone()) {
                        msg.ack();
                    } else {
                        last.stage.whenComplete((v, x) -> msg.ack()); // waiting on it: confirmed at once
                    }
                }

                @Override
                public void dropped() {
                    synchronized (seen) {
                        seen.remove(key); // it comes back: not a duplicate then
                    }
                    msg.nak();
                }
            });
        }

        private void remove(NatsSubscription s) {
            subscriptions.remove(s);
            s.detach();
        }
    }
}

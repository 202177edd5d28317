package dev.nexo.broker.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jctools.queues.MpscArrayQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.broker.OverflowPolicy;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.TopicPattern;

/**
 * One subscription's bounded queue and its delivery: events are handed to the handler one at a time
 * in arrival order by whichever {@link DeliveryPool} worker runs the mailbox (it is scheduled on the
 * pool at most once at a time); a failing handler is retried per {@link DeliveryPolicy}, then the
 * event becomes a dead letter.
 *
 * <p>The queue is a lock-free multi-producer, single-consumer ring (JCTools): publishers never
 * take a lock, and only the worker running the mailbox polls. It never holds more than the
 * subscription's capacity: on overflow the event is dropped for this subscriber (after waiting up
 * to the block timeout under {@link OverflowPolicy#BLOCK}) with a "slow consumer" warning and a
 * counter.
 */
final class Mailbox implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Longest single pause of a publisher waiting for room under {@link OverflowPolicy#BLOCK}. */
    private static final long BLOCK_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final TopicPattern pattern;
    private final SubscriptionOptions options;
    private final EventHandler handler;
    private final DeliveryPolicy policy;
    private final DeadLetterSink deadLetters;
    private final BrokerMetrics metrics;
    private final Consumer<Mailbox> onClose;
    /** Event, or Tracked when the transport wants to know; the ring's size is a power of two at least the capacity. */
    private final MpscArrayQueue<Object> queue;
    private final int capacity;
    private final AtomicLong dropped = new AtomicLong();
    private final DeliveryPool pool;
    /** Set while the mailbox is queued on or run by the pool. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The pool thread running this mailbox now, if any. */
    private volatile Thread runner;
    private volatile boolean active = true;
    private volatile long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

    /** A mailbox run by {@code pool}'s workers. */
    Mailbox(TopicPattern pattern, SubscriptionOptions options, EventHandler handler, DeliveryPolicy policy,
            DeadLetterSink deadLetters, BrokerMetrics metrics, Consumer<Mailbox> onClose, DeliveryPool pool) {
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.onClose = onClose;
        this.capacity = options.capacity();
        this.queue = new MpscArrayQueue<>(Math.max(2, capacity));
        this.pool = java.util.Objects.requireNonNull(pool, "pool");
    }

    /** Puts the mailbox on the pool unless it is there already (a plain read first: no CAS while it is). */
    private void schedule() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            pool.execute(this);
        }
    }

    /** Empty polls a run makes before it ends: cheaper than ending it and being scheduled again. */
    private static final int IDLE_SPINS = 32;

    /** Events handed to the handler before a run looks whether other mailboxes wait (fairness). */
    static final int RUN_BATCH = 64;

    /**
     * One pool run: hands queued events to the handler until the queue is empty, the pool retires
     * the worker for being slow, or — checked every {@value #RUN_BATCH} events — another mailbox
     * waits for a worker. A mailbox that keeps its worker keeps its caches warm and costs no
     * scheduling per event.
     *
     * @return whether the mailbox still has events and stays scheduled: the worker must run it again
     *         (after the mailboxes that wait, if any)
     */
    boolean runBatch(DeliveryPool.Worker worker) {
        runner = Thread.currentThread();
        try {
            int n = 0;
            while (active && !worker.retired) {
                Object item = queue.poll();
                if (item == null && !worker.othersWaiting()) {
                    // nobody else needs this worker, and a publisher a little slower than the handler
                    // is likely to add more: keep the run rather than end it and be scheduled again
                    for (int spin = 0; item == null && spin < IDLE_SPINS; spin++) {
                        Thread.onSpinWait();
                        item = queue.poll();
                    }
                }
                if (item == null) {
                    break;
                }
                worker.progress();
                handle(item);
                if (++n == RUN_BATCH) {
                    if (worker.othersWaiting()) {
                        return active; // still scheduled: the worker queues it behind the others
                    }
                    n = 0;
                }
            }
        } finally {
            runner = null;
        }
        worker.leavingRun();
        scheduled.set(false);
        // an event offered after the last poll whose publisher saw the flag still set: take it back
        return active && !queue.isEmpty() && scheduled.compareAndSet(false, true);
    }

    /**
     * Queues an event without waiting.
     *
     * @return whether it was queued
     */
    boolean tryOffer(Event e) {
        if (active && put(e)) {
            schedule();
            return true;
        }
        return false;
    }

    /** @return whether {@code item} fit under the capacity */
    private boolean put(Object item) {
        return queue.offerIfBelowThreshold(item, capacity);
    }

    /** Told when a tracked event has been dealt with (handled or dead-lettered), or dropped. */
    interface Completion {
        void handled();

        void dropped();
    }

    private record Tracked(Event event, Completion completion) {
    }

    /**
     * Queues an event under the subscription's overflow policy.
     *
     * @return whether it was queued; {@code false} means dropped (and counted)
     */
    boolean offer(Event e) {
        return enqueue(e, e);
    }

    /** As {@link #offer(Event)}, and tells {@code completion} what became of the event. */
    boolean offer(Event e, Completion completion) {
        if (!enqueue(e, new Tracked(e, completion))) {
            completion.dropped();
            return false;
        }
        return true;
    }

    private boolean enqueue(Event e, Object item) {
        if (!active) {
            return false;
        }
        if (put(item)) {
            schedule();
            return true;
        }
        schedule(); // (normally scheduled already) so that the queue drains while the publisher waits
        if (options.overflow() == OverflowPolicy.BLOCK && awaitRoom(item)) {
            return true;
        }
        long n = dropped.incrementAndGet();
        metrics.dropped.increment();
        long now = System.nanoTime();
        if (now - lastWarn >= WARN_EVERY_NANOS) {
            lastWarn = now;
            LOG.warn("slow consumer on '{}': queue of {} is full, dropped {} event(s) so far (latest {})",
                    pattern, options.capacity(), n, e.id());
        }
        return false;
    }

    /** Under BLOCK: retries the put in short pauses until the block timeout; the publisher holds no lock meanwhile. */
    private boolean awaitRoom(Object item) {
        long deadline = System.nanoTime() + options.blockTimeout().toNanos();
        while (active) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, BLOCK_PAUSE_NANOS));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (put(item)) {
                schedule();
                return true;
            }
        }
        return false;
    }

    private void handle(Object item) {
        if (item instanceof Tracked t) {
            if (deliver(t.event())) {
                t.completion().handled();
            } else {
                t.completion().dropped();
            }
        } else {
            deliver((Event) item);
        }
    }

    /** @return {@code true} when dealt with (handled, expired or dead-lettered), {@code false} if interrupted */
    private boolean deliver(Event e) {
        if (e.expiresAt().isPresent() && e.isExpiredAt(Instant.now())) {
            LOG.debug("skipping expired {}", e);
            return true;
        }
        Duration delay = null;
        for (int attempt = 1;; attempt++) {
            try {
                handler.onEvent(e);
                metrics.delivered.inc();
                if (metrics.timing()) {
                    metrics.latency(e.topic(), Duration.between(e.createdAt(), Instant.now()).toNanos());
                }
                return true;
            } catch (RuntimeException | LinkageError | AssertionError ex) {
                if (attempt >= policy.attempts()) {
                    LOG.warn("handler on '{}' failed {} time(s) on {}; moving it to the dead letters: {}", pattern,
                            attempt, e, ex.toString());
                    deadLetters.handlerFailed(e, describe(), ex, attempt);
                    return true;
                }
                metrics.redelivered.increment();
                delay = policy.backoff().delay(attempt, delay);
                LOG.debug("handler on '{}' failed on {} (attempt {}), retrying in {} ms: {}", pattern, e, attempt,
                        delay.toMillis(), ex.toString());
                if (!sleep(delay)) {
                    return false;
                }
            }
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return the subscription as shown in dead letters: pattern and queue group */
    String describe() {
        return pattern + options.queueGroup().map(g -> " [" + g + "]").orElse("");
    }

    /** @return events waiting */
    int queued() {
        return queue.size();
    }

    /**
     * Stops taking events, hands what is queued to the handler (up to {@code timeout}), then closes.
     *
     * @return whether everything queued was handled
     */
    boolean drainAndClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained;
        while (!(drained = queue.isEmpty() && runner == null) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        return drained;
    }


    /** Waits for a pool run in progress to end, interrupting a handler that does not return. */
    private void awaitPoolRun() {
        Thread r = runner;
        if (r == null || r == Thread.currentThread()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        boolean interrupted = false;
        long hardDeadline = deadline + TimeUnit.SECONDS.toNanos(2);
        while (runner == r && System.nanoTime() < hardDeadline) {
            if (!interrupted && System.nanoTime() >= deadline) {
                r.interrupt(); // a handler that does not return: ask it to stop
                interrupted = true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public TopicPattern pattern() {
        return pattern;
    }

    @Override
    public SubscriptionOptions options() {
        return options;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public long droppedCount() {
        return dropped.get();
    }

    @Override
    public void close() {
        if (!active) {
            return;
        }
        active = false;
        onClose.accept(this);
        awaitPoolRun();
    }
}

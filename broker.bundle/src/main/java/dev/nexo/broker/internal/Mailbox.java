package dev.nexo.broker.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
 * in arrival order, either by the mailbox's own thread or, when it is given a {@link DeliveryPool},
 * by whichever pool worker runs it (a mailbox is scheduled on the pool at most once at a time); a failing handler is retried per {@link DeliveryPolicy}, then the
 * event becomes a dead letter. The queue never grows past the subscription's capacity: on overflow
 * the event is dropped for this subscriber (after waiting up to the block timeout under
 * {@link OverflowPolicy#BLOCK}) with a "slow consumer" warning and a counter.
 */
final class Mailbox implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final TopicPattern pattern;
    private final SubscriptionOptions options;
    private final EventHandler handler;
    private final DeliveryPolicy policy;
    private final DeadLetterSink deadLetters;
    private final BrokerMetrics metrics;
    private final Consumer<Mailbox> onClose;
    private final ArrayBlockingQueue<Object> queue; // Event, or Tracked when the transport wants to know
    private final AtomicLong dropped = new AtomicLong();
    /** The mailbox's own delivery thread, or {@code null} on a pool. */
    private final Thread thread;
    private final DeliveryPool pool;
    /** Set while the mailbox is queued on or run by the pool. */
    private final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** The pool thread running this mailbox now, if any. */
    private volatile Thread runner;
    private volatile boolean active = true;
    private volatile boolean busy;
    private volatile long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

    /** A mailbox with its own delivery thread. */
    Mailbox(TopicPattern pattern, SubscriptionOptions options, EventHandler handler, DeliveryPolicy policy,
            DeadLetterSink deadLetters, BrokerMetrics metrics, Consumer<Mailbox> onClose) {
        this(pattern, options, handler, policy, deadLetters, metrics, onClose, null);
    }

    /** A mailbox run by {@code pool}'s workers, or by its own thread if {@code pool} is null. */
    Mailbox(TopicPattern pattern, SubscriptionOptions options, EventHandler handler, DeliveryPolicy policy,
            DeadLetterSink deadLetters, BrokerMetrics metrics, Consumer<Mailbox> onClose, DeliveryPool pool) {
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.onClose = onClose;
        this.queue = new ArrayBlockingQueue<>(options.capacity());
        this.pool = pool;
        if (pool == null) {
            this.thread = new Thread(this::run, "nexo-broker-sub " + pattern
                    + options.queueGroup().map(g -> " [" + g + "]").orElse(""));
            thread.setDaemon(true);
        } else {
            this.thread = null;
        }
    }

    /** Starts the delivery thread (nothing to start on a pool). */
    Mailbox start() {
        if (thread != null) {
            thread.start();
        }
        return this;
    }

    /** Puts the mailbox on the pool unless it is there already. */
    private void schedule() {
        if (pool != null && scheduled.compareAndSet(false, true)) {
            pool.execute(this);
        }
    }

    /** Events handed to the handler per pool run before the worker moves on (fairness). */
    private static final int RUN_BATCH = 64;

    /**
     * One pool run: hands up to {@value #RUN_BATCH} queued events to the handler, then lets go of the
     * worker (early if the pool retired it for being slow) and schedules itself again if more came.
     */
    void runBatch(DeliveryPool.Worker worker) {
        runner = Thread.currentThread();
        try {
            for (int i = 0; i < RUN_BATCH && active && !worker.retired; i++) {
                Object item = queue.poll();
                if (item == null) {
                    break;
                }
                worker.since = System.nanoTime();
                handle(item);
            }
        } finally {
            runner = null;
            scheduled.set(false);
        }
        if (active && !queue.isEmpty()) {
            schedule();
        }
    }

    /**
     * Queues an event without waiting.
     *
     * @return whether it was queued
     */
    boolean tryOffer(Event e) {
        if (active && queue.offer(e)) {
            schedule();
            return true;
        }
        return false;
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
        if (queue.offer(item)) {
            schedule();
            return true;
        }
        schedule(); // (normally scheduled already) so that the queue drains while the publisher waits
        if (options.overflow() == OverflowPolicy.BLOCK) {
            try {
                if (queue.offer(item, options.blockTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                    schedule();
                    return true;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
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

    private void run() {
        while (active) {
            Object item;
            try {
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                break;
            }
            if (item == null) {
                continue;
            }
            handle(item);
        }
    }

    private void handle(Object item) {
        busy = true;
        try {
            if (item instanceof Tracked t) {
                if (deliver(t.event())) {
                    t.completion().handled();
                } else {
                    t.completion().dropped();
                }
            } else {
                deliver((Event) item);
            }
        } finally {
            busy = false;
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
                metrics.delivered.increment();
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
        while (!(drained = queue.isEmpty() && !busy) && System.nanoTime() < deadline) {
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
        if (thread == null) {
            awaitPoolRun();
            return;
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(500); // the loop sees the flag within 100 ms unless a handler is running
                if (thread.isAlive()) {
                    thread.interrupt(); // a handler that does not return: ask it to stop
                    thread.join(2000);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

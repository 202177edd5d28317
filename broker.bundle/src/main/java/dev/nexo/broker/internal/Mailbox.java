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
 * One subscription's bounded queue and its delivery thread: events are handed to the handler one
 * at a time in arrival order; a failing handler is retried per {@link DeliveryPolicy}, then the
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
    private final Thread thread;
    private volatile boolean active = true;
    private volatile boolean busy;
    private volatile long lastWarn = System.nanoTime() - WARN_EVERY_NANOS;

    Mailbox(TopicPattern pattern, SubscriptionOptions options, EventHandler handler, DeliveryPolicy policy,
            DeadLetterSink deadLetters, BrokerMetrics metrics, Consumer<Mailbox> onClose) {
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.onClose = onClose;
        this.queue = new ArrayBlockingQueue<>(options.capacity());
        this.thread = new Thread(this::run, "nexo-broker-sub " + pattern
                + options.queueGroup().map(g -> " [" + g + "]").orElse(""));
        thread.setDaemon(true);
    }

    /** Starts the delivery thread. */
    Mailbox start() {
        thread.start();
        return this;
    }

    /**
     * Queues an event without waiting.
     *
     * @return whether it was queued
     */
    boolean tryOffer(Event e) {
        return active && queue.offer(e);
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
            return true;
        }
        if (options.overflow() == OverflowPolicy.BLOCK) {
            try {
                if (queue.offer(item, options.blockTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
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

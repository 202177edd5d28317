package dev.nexo.broker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.TopicPattern;

/**
 * The one registered {@link Broker}: forwards to the current {@link Backend} and can swap it while
 * the container runs. Subscriptions handed out here outlive a swap: each is re-made on the new
 * backend before publishing moves there, then the old backend is closed, which hands what its
 * queues still hold to the same handlers (calls for one subscription stay serial across the swap).
 * A publish in flight at the swap may reach both sides; for a while after a swap each subscription
 * drops event ids it has already handled.
 */
final class SwitchingBroker implements Broker {
    /** After a swap, each subscription drops event ids it saw in the last this-many events ... */
    static final int SWAP_DEDUPE_WINDOW = 65_536;
    /** ... for this long. */
    static final long SWAP_DEDUPE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Switched> subscriptions = new CopyOnWriteArrayList<>();
    private volatile Backend current;

    SwitchingBroker(Backend initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** @return the backend in use */
    Backend current() {
        return current;
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        lock.readLock().lock();
        try {
            return current.publish(event);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        Switched s = new Switched(TopicPattern.compile(pattern), Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(handler, "handler"));
        lock.readLock().lock();
        try {
            s.attach(current);
            subscriptions.add(s);
        } finally {
            lock.readLock().unlock();
        }
        return s;
    }

    @Override
    public CompletionStage<Event> request(Event request, Duration timeout) {
        return Requests.request(this, request, timeout);
    }

    /**
     * Makes {@code next} the backend and closes the old one.
     *
     * @param drain how long the old backend may take to hand its queued events to handlers
     * @return the old backend, closed
     */
    Backend switchTo(Backend next, Duration drain) {
        Backend old;
        lock.writeLock().lock();
        try {
            old = current;
            for (Switched s : subscriptions) {
                s.attach(next);
            }
            current = next;
        } finally {
            lock.writeLock().unlock();
        }
        old.close(drain);
        return old;
    }

    /** Closes the subscriptions and the backend. */
    void close(Duration drain) {
        current.close(drain);
        subscriptions.clear();
    }

    /** A subscription that survives backend swaps. */
    private final class Switched implements Subscription {
        private final TopicPattern pattern;
        private final SubscriptionOptions options;
        private final EventHandler handler;
        private final AtomicLong droppedBefore = new AtomicLong();
        private final Object serial = new Object();
        private final java.util.Map<String, Boolean> recent = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, Boolean> eldest) {
                return size() > SWAP_DEDUPE_WINDOW;
            }
        };
        private long dedupeUntil;
        private volatile Subscription delegate;
        private volatile boolean active = true;

        Switched(TopicPattern pattern, SubscriptionOptions options, EventHandler handler) {
            this.pattern = pattern;
            this.options = options;
            this.handler = handler;
        }

        /** Subscribes on {@code backend}; the previous delegate keeps running until its backend closes. */
        synchronized void attach(Backend backend) {
            Subscription old = delegate;
            if (old != null) {
                droppedBefore.addAndGet(old.droppedCount());
                synchronized (serial) {
                    dedupeUntil = System.nanoTime() + SWAP_DEDUPE_NANOS;
                }
            }
            delegate = backend.subscribe(pattern.toString(), options, this::deliver);
        }

        private void deliver(Event e) {
            synchronized (serial) { // old and new backends may both deliver during a swap
                if (dedupeUntil != 0) {
                    if (System.nanoTime() - dedupeUntil < 0) {
                        // a publish in flight at the swap can arrive on both sides (at-least-once)
                        String key = e.header(NatsBroker.REPLAY_HEADER).map(r -> e.id() + '#' + r).orElse(e.id());
                        if (recent.put(key, Boolean.TRUE) != null) {
                            return;
                        }
                    } else {
                        dedupeUntil = 0;
                        recent.clear();
                    }
                }
                handler.onEvent(e);
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
            Subscription d = delegate;
            return droppedBefore.get() + (d == null ? 0 : d.droppedCount());
        }

        @Override
        public void close() {
            active = false;
            subscriptions.remove(this);
            Subscription d = delegate;
            if (d != null) {
                d.close();
            }
        }
    }
}

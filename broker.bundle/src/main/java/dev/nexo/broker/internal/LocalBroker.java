package dev.nexo.broker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.TopicPattern;

/**
 * The embedded, in-process broker. {@link #publish} looks the topic up in an index of literal
 * patterns, tests it against each distinct wildcard pattern once (an allocation-free
 * {@link TopicPattern} test) and puts the event in each matching subscription's bounded {@link Mailbox}; queue groups get
 * it once, in the first member with room starting from a rotating index. Mailboxes are run by a
 * shared {@link DeliveryPool} (one at a time per mailbox, so per-subscriber order holds): a publish
 * costs one queue offer per subscriber, not a thread wake-up each. Publishing never waits except for
 * a full {@link dev.nexo.api.broker.OverflowPolicy#BLOCK} subscriber, and then at most its block
 * timeout.
 */
final class LocalBroker implements Backend {
    private static final CompletionStage<Void> DONE = CompletableFuture.completedStage(null);

    /** A subscription, or a queue group of subscriptions sharing one pattern and group name. */
    private static final class Target {
        final TopicPattern pattern;
        final String group;
        final Mailbox[] members;
        final AtomicInteger next;

        Target(TopicPattern pattern, String group, Mailbox[] members, AtomicInteger next) {
            this.pattern = pattern;
            this.group = group;
            this.members = members;
            this.next = next;
        }
    }

    private final DeliveryPolicy policy;
    private final DeadLetterSink deadLetters;
    private final BrokerMetrics metrics;
    private final Object lock = new Object();
    private final List<Mailbox> mailboxes = new ArrayList<>();
    /** The targets sharing one wildcard pattern: the pattern is tested once for all of them. */
    private record Wildcard(TopicPattern pattern, Target[] targets) {
    }

    /** Literal patterns by topic, and the wildcard ones: replaced as a whole on every change. */
    private record Routes(Map<String, Target[]> literal, Wildcard[] wildcard, Target[] all) {
    }

    private volatile Routes routes = new Routes(Map.of(), new Wildcard[0], new Target[0]);
    private volatile boolean closed;
    /** Started with the first subscription; guarded by the lock. */
    private DeliveryPool pool;

    LocalBroker(DeliveryPolicy policy, DeadLetterSink deadLetters, BrokerMetrics metrics) {
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return CompletableFuture.failedStage(new IllegalStateException("the local broker is closed"));
        }
        dispatch(event);
        metrics.published.inc();
        return DONE;
    }

    /** Hands the event to every matching subscription; {@code false} if none matched. */
    boolean dispatch(Event event) {
        String topic = event.topic();
        Routes r = routes;
        boolean any = false;
        Target[] exact = r.literal.isEmpty() ? null : r.literal.get(topic);
        if (exact != null) {
            for (Target t : exact) {
                deliver(t, event);
            }
            any = true;
        }
        for (Wildcard w : r.wildcard) {
            if (w.pattern.matches(topic)) {
                for (Target t : w.targets) {
                    deliver(t, event);
                }
                any = true;
            }
        }
        return any;
    }

    private static void deliver(Target t, Event event) {
        Mailbox[] m = t.members;
        if (m.length == 1) {
            m[0].offer(event);
            return;
        }
        int start = Math.floorMod(t.next.getAndIncrement(), m.length);
        boolean queued = false;
        for (int i = 0; i < m.length && !queued; i++) {
            queued = m[(start + i) % m.length].tryOffer(event);
        }
        if (!queued) {
            m[start].offer(event); // all full: the overflow policy of one member decides
        }
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        TopicPattern p = TopicPattern.compile(pattern);
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        Mailbox m;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the local broker is closed");
            }
            if (pool == null) {
                pool = DeliveryPool.forMachine("nexo-broker-local").start();
            }
            m = new Mailbox(p, options, handler, policy, deadLetters, metrics, this::remove, pool);
            mailboxes.add(m);
            rebuild();
        }
        return m;
    }

    @Override
    public CompletionStage<Event> request(Event request, Duration timeout) {
        return Requests.request(this, request, timeout);
    }

    private void remove(Mailbox m) {
        synchronized (lock) {
            if (mailboxes.remove(m)) {
                rebuild();
            }
        }
    }

    /** Recomputes the routing table; callers hold the lock. */
    private void rebuild() {
        Map<String, List<Mailbox>> groups = new LinkedHashMap<>();
        Map<String, AtomicInteger> counters = new LinkedHashMap<>();
        for (Target t : routes.all) {
            if (t.group != null) {
                counters.put(t.group + ' ' + t.pattern, t.next);
            }
        }
        List<Target> out = new ArrayList<>();
        for (Mailbox m : mailboxes) {
            String group = m.options().queueGroup().orElse(null);
            if (group == null) {
                out.add(new Target(m.pattern(), null, new Mailbox[] {m}, new AtomicInteger()));
            } else {
                groups.computeIfAbsent(group + ' ' + m.pattern(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<Mailbox>> g : groups.entrySet()) {
            Mailbox first = g.getValue().get(0);
            out.add(new Target(first.pattern(), first.options().queueGroup().get(),
                    g.getValue().toArray(new Mailbox[0]), counters.getOrDefault(g.getKey(), new AtomicInteger())));
        }
        Map<String, List<Target>> literal = new java.util.HashMap<>();
        Map<TopicPattern, List<Target>> wildcard = new LinkedHashMap<>();
        for (Target t : out) {
            if (t.pattern.isLiteral()) {
                literal.computeIfAbsent(t.pattern.toString(), k -> new ArrayList<>()).add(t);
            } else {
                wildcard.computeIfAbsent(t.pattern, k -> new ArrayList<>()).add(t);
            }
        }
        Map<String, Target[]> index = new java.util.HashMap<>();
        literal.forEach((k, v) -> index.put(k, v.toArray(new Target[0])));
        Wildcard[] wild = wildcard.entrySet().stream()
                .map(e -> new Wildcard(e.getKey(), e.getValue().toArray(new Target[0]))).toArray(Wildcard[]::new);
        routes = new Routes(index, wild, out.toArray(new Target[0]));
    }

    /** @return the live subscriptions */
    List<Mailbox> mailboxes() {
        synchronized (lock) {
            return new ArrayList<>(mailboxes);
        }
    }

    @Override
    public void close(Duration timeout) {
        List<Mailbox> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(mailboxes);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Mailbox m : all) {
            m.drainAndClose(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        DeliveryPool p;
        synchronized (lock) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.close(Duration.ofSeconds(2));
        }
    }

    /** @return the delivery threads alive now (0 before the first subscription and after close) */
    int deliveryThreads() {
        synchronized (lock) {
            return pool == null ? 0 : pool.liveThreads();
        }
    }
}

package dev.nexo.core.internal.agent;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;
import dev.nexo.api.event.TopicPattern;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A synchronous in-memory broker with request/reply: records every publish, delivers to matching
 * handlers. Shared through this module's test-jar (the agent turn benchmark runs on an
 * {@link #unrecorded()} one, so the broker's own cost stays out of its figures).
 */
public final class TestBroker implements Broker {
    public final List<Event> published = new CopyOnWriteArrayList<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final boolean record;

    /** A broker that records every published event in {@link #published}. */
    public TestBroker() {
        this(true);
    }

    private TestBroker(boolean record) {
        this.record = record;
    }

    /** @return a broker that delivers but keeps nothing, for long runs such as benchmarks */
    public static TestBroker unrecorded() {
        return new TestBroker(false);
    }

    /** One subscription; {@code live} is per instance, so two equal-looking subscriptions stay distinct. */
    private record Sub(TopicPattern pattern, SubscriptionOptions options, EventHandler handler, AtomicBoolean live)
            implements Subscription {
        @Override
        public boolean isActive() {
            return live.get();
        }

        @Override
        public long droppedCount() {
            return 0;
        }

        @Override
        public void close() {
            live.set(false);
        }
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        if (record) {
            published.add(event);
        }
        for (Sub s : subs) {
            if (s.isActive() && s.pattern().matches(event.topic())) {
                s.handler().onEvent(event);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        subs.removeIf(closed -> !closed.isActive());
        Sub s = new Sub(TopicPattern.compile(pattern), options, handler, new AtomicBoolean(true));
        subs.add(s);
        return s;
    }

    @Override
    public CompletionStage<Event> request(Event request, Duration timeout) {
        String inbox = "_inbox." + Ids.newId().replace("-", "");
        CompletableFuture<Event> reply = new CompletableFuture<>();
        Subscription s = subscribe(inbox, SubscriptionOptions.DEFAULTS, reply::complete);
        publish(request.toBuilder().replyTo(inbox).build());
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((e, err) -> s.close());
    }

    /** @return events published on topics matching {@code pattern} */
    public List<Event> on(String pattern) {
        TopicPattern p = TopicPattern.compile(pattern);
        return published.stream().filter(e -> p.matches(e.topic())).toList();
    }

    /** @return how many live subscriptions there are */
    public int subscriptionCount() {
        return subscriptions().size();
    }

    /** @return the live subscriptions, oldest first */
    public List<Subscription> subscriptions() {
        return subs.stream().filter(Sub::isActive).collect(Collectors.toUnmodifiableList());
    }
}

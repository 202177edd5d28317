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

/** A synchronous in-memory broker with request/reply: records every publish, delivers to matching handlers. */
public final class TestBroker implements Broker {
    public final List<Event> published = new CopyOnWriteArrayList<>();
    private final List<Sub> subs = new CopyOnWriteArrayList<>();

    final class Sub implements Subscription {
        final TopicPattern pattern;
        final SubscriptionOptions options;
        final EventHandler handler;
        volatile boolean active = true;

        Sub(String pattern, SubscriptionOptions options, EventHandler handler) {
            this.pattern = TopicPattern.compile(pattern);
            this.options = options;
            this.handler = handler;
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
            return 0;
        }

        @Override
        public void close() {
            active = false;
            subs.remove(this);
        }
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        published.add(event);
        for (Sub s : subs) {
            if (s.active && s.pattern.matches(event.topic())) {
                s.handler.onEvent(event);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        Sub s = new Sub(pattern, options, handler);
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
        return subs.size();
    }

    /** @return the live subscriptions, oldest first */
    public List<Subscription> subscriptions() {
        return List.copyOf(subs);
    }
}

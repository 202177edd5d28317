package dev.nexo.bench.agent;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.TopicPattern;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Synchronous in-memory delivery: the broker's own cost stays out of the agent figures. */
final class BenchBroker implements Broker {
    private final List<Sub> subs = new CopyOnWriteArrayList<>();

    private final class Sub implements Subscription {
        final TopicPattern pattern;
        final SubscriptionOptions options;
        final EventHandler handler;

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
            return subs.contains(this);
        }

        @Override
        public long droppedCount() {
            return 0;
        }

        @Override
        public void close() {
            subs.remove(this);
        }
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        for (Sub s : subs) {
            if (s.pattern.matches(event.topic())) {
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
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not used by the bench"));
    }
}

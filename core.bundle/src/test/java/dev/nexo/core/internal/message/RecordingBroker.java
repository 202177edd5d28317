package dev.nexo.core.internal.message;

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

/** A synchronous stand-in for the broker bundle: records publishes, delivers to matching handlers. */
final class RecordingBroker implements Broker {
    final List<Event> published = new CopyOnWriteArrayList<>();
    final List<Sub> subscriptions = new CopyOnWriteArrayList<>();

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
            subscriptions.remove(this);
        }
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        published.add(event);
        for (Sub s : subscriptions) {
            if (s.pattern.matches(event.topic())) {
                s.handler.onEvent(event);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
        Sub s = new Sub(pattern, options, handler);
        subscriptions.add(s);
        return s;
    }

    @Override
    public CompletionStage<Event> request(Event request, Duration timeout) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }
}

package dev.nexo.itest.agentfixture;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** A synchronous in-memory broker: enough for one-node in-framework tests of the agent runtime. */
@Component(service = Broker.class, property = {Broker.KIND + "=fixture", "service.ranking:Integer=100"})
public class FixtureBroker implements Broker {
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nexo-agentfixture-broker");
        t.setDaemon(true);
        return t;
    });

    private final class Sub implements Subscription {
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

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        subs.clear();
    }

    @Override
    public CompletionStage<Void> publish(Event event) {
        for (Sub s : subs) {
            if (s.active && s.pattern.matches(event.topic())) {
                try {
                    s.handler.onEvent(event);
                } catch (RuntimeException e) {
                    // a failing subscriber does not fail the publisher, as with the real broker
                }
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
        timer.schedule(() -> reply.completeExceptionally(new TimeoutException("no reply")), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        publish(request.toBuilder().replyTo(inbox).build());
        return reply.whenComplete((e, err) -> s.close());
    }
}

package dev.nexo.channel.whatsapp.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.broker.handler.EventHandler;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.event.Event;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;

/** Test stand-ins for the core's services and the DS configuration. */
final class Fakes {
    private Fakes() {
    }

    /** Records what the channel hands to the core; can be told to fail (broker down). */
    static final class Gateway implements ChannelGateway {
        final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();
        final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public CompletionStage<Void> inbound(InboundMessage message) {
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            inbound.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
            if (failing) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            receipts.add(receipt);
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Records published events. */
    static final class RecordingBroker implements Broker {
        final List<Event> published = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Void> publish(Event event) {
            published.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String pattern, SubscriptionOptions options, EventHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Event> request(Event request, Duration timeout) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException());
        }
    }

    /** A timer the test fires by hand. */
    static final class ManualTimer implements ReplyDeadline.Timer {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public synchronized Runnable schedule(Duration delay, Runnable task) {
            tasks.add(task);
            delays.add(delay);
            return () -> {
                synchronized (this) {
                    tasks.remove(task);
                }
            };
        }

        void fireAll() {
            List<Runnable> now;
            synchronized (this) {
                now = new ArrayList<>(tasks);
                tasks.clear();
            }
            now.forEach(Runnable::run);
        }
    }

    /** A {@link WhatsAppConfig} with the annotation defaults, overridden by {@code values} (method name → value). */
    static WhatsAppConfig config(Map<String, Object> values) {
        return (WhatsAppConfig) java.lang.reflect.Proxy.newProxyInstance(WhatsAppConfig.class.getClassLoader(),
                new Class<?>[] { WhatsAppConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if ("annotationType".equals(method.getName())) {
                        return WhatsAppConfig.class;
                    }
                    Object d = method.getDefaultValue();
                    if (d == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return d;
                });
    }
}

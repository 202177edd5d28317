package dev.nexo.broker.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;

/** Request/reply on top of publish and subscribe: a one-off inbox topic per request. */
final class Requests {
    /** Prefix of reply inbox topics, as in NATS. */
    static final String INBOX = "_INBOX";

    private Requests() {
    }

    static CompletionStage<Event> request(Broker broker, Event request, Duration timeout) {
        String inbox = INBOX + "." + Ids.newId().replaceAll("[^A-Za-z0-9_-]", "_");
        CompletableFuture<Event> reply = new CompletableFuture<>();
        Subscription sub = broker.subscribe(inbox, SubscriptionOptions.builder().capacity(1).build(), reply::complete);
        reply.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((r, e) -> sub.close());
        Event withInbox = request.toBuilder().replyTo(inbox).build();
        broker.publish(withInbox).whenComplete((v, e) -> {
            if (e != null) {
                reply.completeExceptionally(e);
            }
        });
        return reply.exceptionally(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TimeoutException) {
                throw new java.util.concurrent.CompletionException(new TimeoutException(
                        "no reply to " + request.topic() + " within " + timeout.toMillis() + " ms"));
            }
            throw new java.util.concurrent.CompletionException(cause);
        });
    }
}

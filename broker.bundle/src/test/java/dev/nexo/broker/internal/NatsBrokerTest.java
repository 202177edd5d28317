package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.nats.client.Connection;
import io.nats.client.Nats;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.test.support.Poll;

/** The broker contract against a real nats-server, plus what only NATS has: malformed messages. */
class NatsBrokerTest extends BrokerContractTest {
    static NatsServer server;

    @TempDir
    static Path serverDir;
    @TempDir
    Path dir;
    BrokerDb db;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    Backend newBroker() throws Exception {
        db = new BrokerDb(dir, false);
        NatsBroker b = new NatsBroker(new NatsBroker.Settings(server.url(), true, 16384, 100_000, Duration.ofMillis(10)),
                new DiskQueue(db, Clock.systemUTC()), FAST_RETRY, sink, metrics,
                CircuitBreaker.withDefaults("test.nats")).start();
        Poll.until(WAIT, b::isDirect, () -> "connected to " + server.url());
        return b;
    }

    @AfterEach
    void closeDb() {
        if (broker != null) {
            broker.close(Duration.ofSeconds(2));
            broker = null;
        }
        db.close();
    }

    @Test
    void aMalformedMessageGoesStraightToTheDeadLetters() throws Exception {
        java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        broker.subscribe("plugin.inbound.>", e -> got.add(e.id()));
        try (Connection raw = Nats.connect(server.url())) {
            raw.publish("plugin.inbound.whatsapp", "{not json".getBytes(StandardCharsets.UTF_8));
            raw.publish("plugin.inbound.whatsapp", "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            raw.flush(Duration.ofSeconds(5));
        }
        Poll.until(WAIT, () -> sink.entries.size() >= 2, () -> "two dead letters, got " + sink.entries);
        assertTrue(sink.entries.stream().allMatch(e -> e.kind().equals("malformed")), sink.entries.toString());
        assertEquals("plugin.inbound.whatsapp", sink.entries.get(0).topic());
        assertTrue(got.isEmpty(), "nothing malformed reaches a handler");
    }

    @Test
    void theSameEventIdIsHandedToASubscriptionOnlyOnce() throws Exception {
        java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        broker.subscribe("agent.route.ana", e -> got.add(e.id()));
        dev.nexo.api.event.Event e = event("agent.route.ana", "{}");
        broker.publish(e);
        broker.publish(e);
        broker.publish(event("agent.route.ana", "{\"end\":true}"));
        Poll.until(WAIT, () -> got.size() >= 2, () -> "two distinct events");
        assertEquals(e.id(), got.get(0));
        assertEquals(2, got.size());
        assertEquals(1, metrics.duplicates.sum());
    }

    @Test
    void publishAcknowledgementsAreReadOnlyAndACallerCannotSettleAnotherPublish() throws Exception {
        java.util.List<java.util.concurrent.CompletionStage<Void>> acks = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            acks.add(broker.publish(event("plugin.outbound.telegram", "{\"n\":" + i + "}")));
        }
        // publishes confirmed by one flush may share a stage: a caller only ever settles its own copy
        java.util.concurrent.CompletableFuture<Void> mine = acks.get(0).toCompletableFuture();
        mine.completeExceptionally(new IllegalStateException("a caller's own doing"));
        if (acks.get(0) instanceof java.util.concurrent.CompletableFuture<?> f) {
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> f.complete(null));
        }
        for (java.util.concurrent.CompletionStage<Void> a : acks) {
            a.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS); // throws if any failed
        }
        assertEquals(200, metrics.published.get());
    }

    @Test
    void aPublishNobodyWaitsForIsStillConfirmedWithinTheLinger() throws Exception {
        for (int i = 0; i < 3; i++) {
            broker.publish(event("plugin.outbound.telegram", "{\"n\":" + i + "}")); // stage dropped
        }
        // published counts confirmed publishes only: without a linger flush it would stay at 0
        Poll.until(WAIT, () -> metrics.published.get() == 3, () -> "3 confirmed, got " + metrics.published.get());
    }

    @Test
    void anInterruptedCallerBlockedOnItsAcknowledgementLeavesNoPublishUnconfirmed() throws Exception {
        java.util.concurrent.CompletionStage<Void> ack = broker.publish(event("plugin.outbound.telegram", "{}"));
        java.util.concurrent.CompletableFuture<Void> copy = ack.toCompletableFuture();
        Thread.currentThread().interrupt(); // the caller's thread sends the confirming flush itself
        try {
            copy.get();
        } catch (InterruptedException expected) {
            // the caller's own wait ends; the flush it started still ran to its end
        } finally {
            Thread.interrupted();
        }
        ack.toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(1, metrics.published.get());
    }
}

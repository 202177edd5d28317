package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.event.Event;
import dev.nexo.test.support.Poll;

/** The runtime outside OSGi: backend swaps, the dead-letter store and replay, the disk queue at start. */
class BrokerRuntimeTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static NatsServer server;

    @TempDir
    static Path serverDir;
    @TempDir
    Path state;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static Map<String, Object> fast(Map<String, Object> more) {
        Map<String, Object> m = new java.util.HashMap<>(more);
        m.put("retry.backoff_ms", 5L);
        m.put("persistence.fsync", false);
        return m;
    }

    @Test
    void withNoConfigurationTheLocalBrokerRunsAndKeepsItsFilesUnderTheStateRoot() {
        BrokerRuntime rt = new BrokerRuntime(null, TestConfigs.broker(Map.of()), state);
        try {
            assertEquals("local", rt.broker().current().kind());
            assertTrue(Files.exists(state.resolve("data/broker/broker.db")));
        } finally {
            rt.deactivate();
        }
    }

    @Test
    void switchingBetweenLocalAndNatsKeepsSubscriptionsAndLosesNothing() throws Exception {
        BrokerRuntime rt = new BrokerRuntime(null, TestConfigs.broker(fast(Map.of())), state);
        try {
            SwitchingBroker broker = rt.broker();
            List<String> got = new CopyOnWriteArrayList<>();
            Subscription sub = broker.subscribe("agent.route.>",
                    dev.nexo.api.broker.SubscriptionOptions.builder().capacity(5000).build(), e -> got.add(e.id()));
            List<String> sent = new ArrayList<>();
            AtomicInteger n = new AtomicInteger();
            Thread publisher = new Thread(() -> {
                for (int i = 0; i < 3000; i++) {
                    Event e = Event.of("agent.route.ana", "test", "{\"i\":" + i + "}");
                    synchronized (sent) {
                        sent.add(e.id());
                    }
                    broker.publish(e).toCompletableFuture().join();
                    n.incrementAndGet();
                }
            });
            publisher.start();
            Poll.until(WAIT, () -> n.get() > 500, () -> "publishing started");
            rt.switchTo(TestConfigs.broker(fast(Map.of("type", "nats", "url", server.url()))));
            assertEquals("nats", broker.current().kind());
            Poll.until(WAIT, () -> n.get() > 1500, () -> "publishing on nats");
            rt.switchTo(TestConfigs.broker(fast(Map.of("type", "local"))));
            assertEquals("local", broker.current().kind());
            publisher.join(30_000);
            Poll.until(WAIT, () -> new HashSet<>(got).size() >= 3000,
                    () -> new HashSet<>(got).size() + " of 3000 after two swaps");
            assertEquals(new HashSet<>(sent), new HashSet<>(got), "every event delivered across two swaps");
            assertEquals(got.size(), new HashSet<>(got).size(), "none twice");
            assertTrue(sub.isActive());
        } finally {
            rt.deactivate();
        }
    }

    @Test
    void deadLettersAreStoredListedReplayedWithFreshAttemptsAndPurged() throws Exception {
        BrokerRuntime rt = new BrokerRuntime(null, TestConfigs.broker(fast(Map.of())), state);
        try {
            AtomicInteger calls = new AtomicInteger();
            List<Event> handled = new CopyOnWriteArrayList<>();
            boolean[] failing = {true};
            rt.broker().subscribe("plugin.outbound.telegram", e -> {
                calls.incrementAndGet();
                if (failing[0]) {
                    throw new IllegalStateException("telegram is down");
                }
                handled.add(e);
            });
            Event e = Event.of("plugin.outbound.telegram", "agent.ana", "{\"text\":\"hello\"}");
            rt.broker().publish(e);
            Poll.until(WAIT, () -> safeCount(rt) == 1, () -> "one dead letter");
            assertEquals(3, calls.get());
            DeadLetterStore.DeadLetter d = rt.listDeadLetters(10).get(0);
            assertEquals(e.id(), d.eventId);
            assertEquals(3, d.attempts);
            assertTrue(d.error.contains("telegram is down"), d.error);
            assertEquals(e, new EventCodec().decode(d.payload));
            assertEquals(d.payload, rt.deadLetter(d.id).orElseThrow().payload);

            failing[0] = false;
            Event replayed = rt.replay(d.id);
            assertEquals(e.id(), replayed.id());
            Poll.until(WAIT, () -> handled.size() == 1, () -> "the replayed event handled");
            assertEquals(4, calls.get(), "a replay starts a fresh delivery");
            assertEquals(0, rt.deadLetterCount(), "replayed letters leave the store");
            assertThrows(java.util.NoSuchElementException.class, () -> rt.replay(d.id));

            failing[0] = true;
            rt.broker().publish(Event.of("plugin.outbound.telegram", "agent.ana", "{}"));
            rt.broker().publish(Event.of("plugin.outbound.telegram", "agent.ana", "{}"));
            Poll.until(WAIT, () -> safeCount(rt) == 2, () -> "two more dead letters");
            assertEquals(2, rt.purgeDeadLetters());
            assertEquals(0, rt.deadLetterCount());
        } finally {
            rt.deactivate();
        }
    }

    @Test
    void aMalformedLetterCannotBeReplayed() throws Exception {
        BrokerRuntime rt = new BrokerRuntime(null, TestConfigs.broker(fast(Map.of())), state);
        try {
            rt.malformed("plugin.inbound.x", "plugin.inbound.>", "{oops", "bad json");
            DeadLetterStore.DeadLetter d = rt.listDeadLetters(10).get(0);
            assertTrue(d.malformed);
            assertEquals("{oops", d.payload);
            assertThrows(IllegalArgumentException.class, () -> rt.replay(d.id));
        } finally {
            rt.deactivate();
        }
    }

    @Test
    void eventsSpooledWhileNatsWasDownAreDeliveredAfterARestart() throws Exception {
        // a NATS broker that never reaches its server spools; its process then "dies" (no close)
        Path dataDir = state.resolve("data/broker");
        int n = 50;
        List<String> sent = new ArrayList<>();
        try (BrokerDb db = new BrokerDb(dataDir, true)) {
            NatsBroker dead = new NatsBroker(new NatsBroker.Settings("nats://127.0.0.1:1", true, 1024, 1000,
                    Duration.ofMillis(10)), new DiskQueue(db, Clock.systemUTC()), DeliveryPolicy.DEFAULTS,
                    new RecordingSink(), new BrokerMetrics(), dev.nexo.api.fault.CircuitBreaker.withDefaults("x"));
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Event e = Event.of("plugin.inbound.telegram", "test", "{\"i\":" + i + "}");
                sent.add(e.id());
                acks.add(dead.publish(e).toCompletableFuture());
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
            assertEquals(n, new DiskQueue(db, Clock.systemUTC()).size());
        }
        BrokerRuntime rt = new BrokerRuntime(null, TestConfigs.broker(fast(Map.of("type", "nats", "url", server.url()))),
                state);
        try {
            List<String> got = new CopyOnWriteArrayList<>();
            rt.broker().subscribe("plugin.inbound.>", e -> got.add(e.id()));
            Poll.until(WAIT, () -> got.size() >= n, () -> got.size() + " of " + n);
            assertEquals(sent, got);
            // rows are deleted once the drain's flush returns, which can be just after delivery
            Poll.until(WAIT, () -> rt.spooled() == 0, () -> rt.spooled() + " rows still queued");
            assertFalse(rt.broker().current().kind().isEmpty());
        } finally {
            rt.deactivate();
        }
    }

    private static long safeCount(BrokerRuntime rt) {
        try {
            return rt.deadLetterCount();
        } catch (Exception e) {
            return -1;
        }
    }
}

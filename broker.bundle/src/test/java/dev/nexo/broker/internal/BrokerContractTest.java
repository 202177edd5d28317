package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.event.Event;
import dev.nexo.api.fault.Backoff;
import dev.nexo.test.support.Poll;

/**
 * The broker semantics every implementation honours; run against the local broker and against NATS
 * by the subclasses.
 */
abstract class BrokerContractTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final DeliveryPolicy FAST_RETRY = new DeliveryPolicy(3,
            Backoff.exponential(Duration.ofMillis(5), Duration.ofMillis(20)));

    final RecordingSink sink = new RecordingSink();
    final BrokerMetrics metrics = new BrokerMetrics();
    Backend broker;

    /** @return a started broker, ready to publish */
    abstract Backend newBroker() throws Exception;

    @BeforeEach
    void open() throws Exception {
        broker = newBroker();
    }

    @AfterEach
    void shut() {
        if (broker != null) {
            broker.close(Duration.ofSeconds(2));
        }
    }

    static Event event(String topic, String payload) {
        return Event.of(topic, "test.publisher", payload);
    }

    @Test
    void multiLevelWildcardReceivesEveryInboundTopicButNotThePrefixItself() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        broker.subscribe("plugin.inbound.>", e -> got.add(e.topic()));
        List<String> exact = new CopyOnWriteArrayList<>();
        broker.subscribe("plugin.inbound.whatsapp", e -> exact.add(e.topic()));
        broker.publish(event("plugin.inbound.whatsapp", "{}"));
        broker.publish(event("plugin.inbound.telegram.sales_bot", "{}"));
        broker.publish(event("plugin.outbound.telegram", "{}"));
        broker.publish(event("plugin.inbound", "{}"));
        broker.publish(event("plugin.inbound.email.support", "{\"last\":true}"));
        Poll.until(WAIT, () -> got.size() >= 3, () -> "3 inbound events, got " + got);
        assertEquals(List.of("plugin.inbound.whatsapp", "plugin.inbound.telegram.sales_bot", "plugin.inbound.email.support"),
                got);
        Poll.until(WAIT, () -> exact.size() >= 1, () -> "the exact subscription");
        assertEquals(List.of("plugin.inbound.whatsapp"), exact);
    }

    @Test
    void singleTokenWildcardMatchesExactlyOneToken() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        broker.subscribe("plugin.*.telegram", e -> got.add(e.topic()));
        broker.publish(event("plugin.inbound.telegram", "{}"));
        broker.publish(event("plugin.inbound.telegram.sales_bot", "{}"));
        broker.publish(event("plugin.outbound.telegram", "{}"));
        broker.publish(event("agent.route.telegram", "{}"));
        broker.publish(event("plugin.outbound.whatsapp", "{}"));
        Poll.until(WAIT, () -> got.size() >= 2, () -> "two matches, got " + got);
        broker.publish(event("plugin.x.telegram", "{}")); // marks the end: everything before it was routed
        Poll.until(WAIT, () -> got.size() >= 3, () -> "the end marker");
        assertEquals(List.of("plugin.inbound.telegram", "plugin.outbound.telegram", "plugin.x.telegram"), got);
    }

    @Test
    void malformedPatternsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> broker.subscribe("plugin.>.x", e -> { }));
        assertThrows(IllegalArgumentException.class, () -> broker.subscribe("plugin..inbound", e -> { }));
    }

    @Test
    void queueGroupMembersShareTheEventsAndEachEventGoesToOne() throws Exception {
        Set<String> a = ConcurrentHashMap.newKeySet();
        Set<String> b = ConcurrentHashMap.newKeySet();
        List<String> everyone = new CopyOnWriteArrayList<>();
        SubscriptionOptions group = SubscriptionOptions.builder().queueGroup("agents").build();
        broker.subscribe("agent.route.ana", group, e -> a.add(e.id()));
        broker.subscribe("agent.route.ana", group, e -> b.add(e.id()));
        broker.subscribe("agent.route.>", e -> everyone.add(e.id()));
        int n = 200;
        for (int i = 0; i < n; i++) {
            broker.publish(event("agent.route.ana", "{\"i\":" + i + "}"));
        }
        Poll.until(WAIT, () -> a.size() + b.size() >= n && everyone.size() >= n,
                () -> "group got " + (a.size() + b.size()) + ", plain got " + everyone.size());
        assertEquals(n, a.size() + b.size());
        assertTrue(a.stream().noneMatch(b::contains), "an event reached two members of one group");
        assertFalse(a.isEmpty() || b.isEmpty(), "both members should get work: " + a.size() + "/" + b.size());
        assertEquals(n, everyone.size());
    }

    @Test
    void ordersEventsPerPublisher() throws Exception {
        List<Integer> got = new CopyOnWriteArrayList<>();
        broker.subscribe("agent.events.ana", SubscriptionOptions.builder().capacity(2000).build(),
                e -> got.add(Integer.parseInt(e.payload())));
        for (int i = 0; i < 1000; i++) {
            broker.publish(event("agent.events.ana", Integer.toString(i)));
        }
        Poll.until(WAIT, () -> got.size() >= 1000, () -> "1000 events, got " + got.size());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            expected.add(i);
        }
        assertEquals(expected, got);
    }

    @Test
    void requestGetsTheFirstReplyAndTimesOutWithoutOne() throws Exception {
        broker.subscribe("agent.route.echo", e -> broker.publish(
                Event.replyTo(e, "agent.echo").payload("{\"echo\":" + e.payload() + "}").build()));
        Event reply = broker.request(event("agent.route.echo", "{\"q\":1}"), WAIT).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertEquals("{\"echo\":{\"q\":1}}", reply.payload());
        ExecutionException none = assertThrows(ExecutionException.class, () -> broker.request(
                event("agent.route.nobody", "{}"), Duration.ofMillis(200)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(none.getCause() instanceof TimeoutException, none.toString());
    }

    @Test
    void failingHandlerIsTriedThreeTimesThenTheEventIsDeadLettered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> fine = new CopyOnWriteArrayList<>();
        broker.subscribe("plugin.outbound.telegram", e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        broker.subscribe("plugin.outbound.telegram", e -> fine.add(e.id()));
        Event e = event("plugin.outbound.telegram", "{\"text\":\"hi\"}");
        broker.publish(e);
        Poll.until(WAIT, () -> !sink.entries.isEmpty(), () -> "a dead letter");
        RecordingSink.Entry dead = sink.entries.get(0);
        assertEquals("handler", dead.kind());
        assertEquals(e.id(), dead.eventId());
        assertEquals(3, dead.attempts());
        assertTrue(dead.error().contains("boom"), dead.error());
        assertEquals(3, calls.get());
        assertEquals(List.of(e.id()), fine, "the other subscriber got it once");
        assertEquals(2, metrics.redelivered.sum());
    }

    @Test
    void aSubscriberThatNeverDrainsStallsNobodyAndHoldsAtMostItsCapacity() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        // 10, not a power of two: the queue's ring is larger, the capacity still holds exactly
        Subscription stuck = broker.subscribe("plugin.inbound.>", SubscriptionOptions.builder().capacity(10).build(),
                e -> {
                    entered.countDown();
                    try {
                        never.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                });
        AtomicInteger healthy = new AtomicInteger();
        broker.subscribe("plugin.inbound.>", SubscriptionOptions.builder().capacity(5000).build(),
                e -> healthy.incrementAndGet());
        int n = 2000;
        broker.publish(event("plugin.inbound.whatsapp", "{}"));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the stuck handler got its first event");
        for (int i = 1; i < n; i++) {
            broker.publish(event("plugin.inbound.whatsapp", "{}"));
        }
        Poll.until(WAIT, () -> healthy.get() >= n, () -> "the healthy subscriber got " + healthy.get());
        Poll.until(WAIT, () -> stuck.droppedCount() >= n - 11, () -> "drops: " + stuck.droppedCount());
        // one event in the handler, at most 10 queued: everything else was dropped, nothing piled up
        assertEquals(n - 11, stuck.droppedCount());
        assertTrue(stuck.isActive(), "the slow subscription survives");
        never.countDown();
    }
}

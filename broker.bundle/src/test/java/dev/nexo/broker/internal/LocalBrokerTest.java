package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.test.support.Poll;

class LocalBrokerTest extends BrokerContractTest {
    @Override
    Backend newBroker() {
        return new LocalBroker(FAST_RETRY, sink, metrics);
    }

    @Test
    void blockPolicyMakesThePublisherWaitUpToTheTimeoutThenDrops() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        Subscription s = broker.subscribe("plugin.health.x", SubscriptionOptions.builder().capacity(1)
                .blockOnOverflow(Duration.ofMillis(50)).build(), e -> {
                    first.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                });
        broker.publish(event("plugin.health.x", "{}"));
        assertTrue(first.await(5, TimeUnit.SECONDS));
        broker.publish(event("plugin.health.x", "{}")); // fills the queue of 1
        broker.publish(event("plugin.health.x", "{}")); // waits 50 ms for room, then is dropped
        assertEquals(1, s.droppedCount());
        release.countDown();
    }

    @Test
    void closingASubscriptionStopsDelivery() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Subscription s = broker.subscribe("agent.events.x", e -> n.incrementAndGet());
        broker.publish(event("agent.events.x", "{}"));
        Poll.until(WAIT, () -> n.get() == 1, () -> "first event");
        s.close();
        s.close(); // idempotent
        broker.publish(event("agent.events.x", "{}"));
        assertEquals(false, s.isActive());
        assertEquals(1, n.get());
    }

    @Test
    void subscriptionsShareABoundedPoolOfDeliveryThreadsAndCloseStopsThem() throws Exception {
        LocalBroker local = (LocalBroker) broker;
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 100; i++) {
            broker.subscribe(i % 2 == 0 ? "plugin.inbound.>" : "plugin.inbound.telegram", e -> {
                threads.add(Thread.currentThread().getName());
                n.incrementAndGet();
            });
        }
        for (int i = 0; i < 20; i++) {
            broker.publish(event("plugin.inbound.telegram", "{}"));
        }
        Poll.until(WAIT, () -> n.get() == 2000, () -> n.get() + " of 2000 deliveries");
        // a bounded pool, not a thread per subscription (a worker may be replaced if the machine
        // is so busy that a handler seems stuck, hence some slack over pool size + watchdog)
        int bound = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1 + 4;
        assertTrue(local.deliveryThreads() <= bound, "delivery threads: " + local.deliveryThreads());
        assertTrue(threads.size() <= bound, "handlers ran on the pool's threads only: " + threads);
        broker.close(Duration.ofSeconds(2));
        assertEquals(0, local.deliveryThreads());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && threads.contains(t.getName()) && t.getName().startsWith("nexo-broker-local")),
                "the delivery threads ended");
    }

    @Test
    void aHandlerThatBlocksKeepsItsThreadAndTheOthersGoOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        int pool = Math.max(2, Runtime.getRuntime().availableProcessors());
        java.util.List<Subscription> stuck = new java.util.ArrayList<>();
        for (int i = 0; i < pool + 1; i++) { // more blocked handlers than pool threads
            stuck.add(broker.subscribe("agent.slow." + i, e -> {
                try {
                    release.await();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }));
            broker.publish(event("agent.slow." + i, "{}"));
        }
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        broker.subscribe("agent.fast", e -> n.incrementAndGet());
        for (int i = 0; i < 10; i++) {
            broker.publish(event("agent.fast", "{}"));
        }
        Poll.until(WAIT, () -> n.get() == 10, () -> "the fast subscriber got " + n.get() + " of 10");
        release.countDown();
    }
}

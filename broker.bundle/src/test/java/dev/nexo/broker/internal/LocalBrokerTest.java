package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;

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
        Await.until(WAIT, () -> n.get() == 1, () -> "first event");
        s.close();
        s.close(); // idempotent
        broker.publish(event("agent.events.x", "{}"));
        assertEquals(false, s.isActive());
        assertEquals(1, n.get());
    }
}

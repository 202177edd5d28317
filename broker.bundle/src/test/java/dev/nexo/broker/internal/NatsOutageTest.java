package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.event.Event;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.test.support.Poll;

/**
 * The outage test: 10,000 events published while nats-server is killed midway and started
 * again; every event arrives, none twice, in publish order.
 */
class NatsOutageTest {
    @TempDir
    Path dir;

    @Test
    void everyEventArrivesOnceAcrossAServerOutage() throws Exception {
        int total = 10_000;
        try (NatsServer server = NatsServer.start(dir); BrokerDb db = new BrokerDb(dir.resolve("db"), true)) {
            BrokerMetrics metrics = new BrokerMetrics();
            RecordingSink sink = new RecordingSink();
            DiskQueue spool = new DiskQueue(db, Clock.systemUTC());
            NatsBroker broker = new NatsBroker(new NatsBroker.Settings(server.url(), true, 16384, 1_000_000,
                    Duration.ofMillis(10)), spool, DeliveryPolicy.DEFAULTS, sink, metrics,
                    CircuitBreaker.withDefaults("test.nats")).start();
            try {
                Poll.until(Duration.ofSeconds(10), broker::isDirect, () -> "connected");
                List<Event> got = new CopyOnWriteArrayList<>();
                broker.subscribe("plugin.inbound.>", SubscriptionOptions.builder().capacity(total).build(), got::add);

                List<CompletableFuture<Void>> acks = new ArrayList<>();
                List<String> sent = new ArrayList<>();
                boolean sawSpool = false;
                for (int i = 0; i < total; i++) {
                    Event e = Event.of("plugin.inbound.whatsapp", "test.publisher", "{\"n\":" + i + "}");
                    sent.add(e.id());
                    acks.add(broker.publish(e).toCompletableFuture());
                    if (i == total / 3) {
                        server.stop();
                    }
                    if (i == 2 * total / 3) {
                        sawSpool = spool.size() > 0;
                        server.start();
                    }
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
                assertTrue(sawSpool, "events were spooled while the server was down");
                assertTrue(metrics.spooled.sum() > 0);

                Poll.until(Duration.ofSeconds(60), () -> got.size() >= total,
                        () -> got.size() + " of " + total + " delivered, spool " + size(spool));
                List<String> ids = new ArrayList<>();
                Set<String> unique = new HashSet<>();
                for (Event e : got) {
                    ids.add(e.id());
                    unique.add(e.id());
                }
                assertEquals(total, unique.size(), "every event delivered");
                assertEquals(total, ids.size(), "none twice");
                // jnats re-sends its outgoing buffer when a connection reconnects; the publishing
                // connection never does, so nothing stale overtakes what went to the disk queue
                assertTrue(sent.equals(ids), () -> "publish order kept; " + firstDifference(sent, ids));
                assertEquals(0, spool.size(), "the disk queue is empty again");
                assertTrue(sink.entries.isEmpty(), "no dead letters: " + sink.entries);
            } finally {
                broker.close(Duration.ofSeconds(5));
            }
        }
    }

    /** Where two id lists first differ, with the publish positions around it: enough to see what moved. */
    static String firstDifference(List<String> sent, List<String> got) {
        for (int i = 0; i < Math.min(sent.size(), got.size()); i++) {
            if (!sent.get(i).equals(got.get(i))) {
                StringBuilder b = new StringBuilder("first difference at delivery " + i + ": delivered publish #s");
                for (int j = Math.max(0, i - 3); j < Math.min(got.size(), i + 8); j++) {
                    b.append(' ').append(sent.indexOf(got.get(j)));
                }
                return b.toString();
            }
        }
        return "same prefix, sizes " + sent.size() + " and " + got.size();
    }

    private static long size(DiskQueue q) {
        try {
            return q.size();
        } catch (Exception e) {
            return -1;
        }
    }
}

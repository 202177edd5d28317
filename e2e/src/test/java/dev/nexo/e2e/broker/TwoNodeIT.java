package dev.nexo.e2e.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;

/**
 * The two-node test: two containers on one NATS server, one agent queue group on a durable
 * (JetStream) subject; 1,000 inbound events are split between them; one node is killed halfway;
 * the other finishes the rest; none is lost.
 */
class TwoNodeIT {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int EVENTS = 1000;
    private static final Pattern ACK = Pattern.compile("\"id\":\"([^\"]+)\",\"node\":\"([^\"]+)\"");

    @Test
    void twoNodesShareTheWorkAndTheSurvivorFinishesWhatTheKilledOneLeft() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path run = Files.createTempDirectory(work, "broker-two-nodes-");
        int port = NexoProcess.freePort();
        String url = "nats://127.0.0.1:" + port;
        String yaml = "broker:\n  type: nats\n  url: " + url + "\n  jetstream:\n    subjects: [\"agent.route.>\"]\n"
                + "    ack_wait_ms: 2000\n";
        try (NatsServer nats = new NatsServer(port, run, true).start();
                Connection client = Nats.connect(url);
                Node a = Node.withBrokerYaml(run.resolve("a"), yaml, List.of("-Dnexo.e2e.node=a", "-Dnexo.e2e.work_ms=10"));
                Node b = Node.withBrokerYaml(run.resolve("b"), yaml, List.of("-Dnexo.e2e.node=b", "-Dnexo.e2e.work_ms=10"))) {
            Map<String, Set<String>> acks = new ConcurrentHashMap<>(); // event id -> nodes that processed it
            Dispatcher d = client.createDispatcher(m -> {
                Matcher x = ACK.matcher(new String(m.getData(), StandardCharsets.UTF_8));
                if (x.find()) {
                    acks.computeIfAbsent(x.group(1), k -> ConcurrentHashMap.newKeySet()).add(x.group(2));
                }
            });
            d.subscribe("e2e.ack.>");
            client.flush(Duration.ofSeconds(5));
            a.start();
            b.start();

            // warm-up until both nodes answer: both have joined the group
            Set<String> warm = new HashSet<>();
            Poll.until(Duration.ofSeconds(120), POLL, () -> {
                String id = "warm-" + UUID.randomUUID();
                warm.add(id);
                publish(client, id);
                return acks.entrySet().stream().filter(e -> warm.contains(e.getKey()))
                        .flatMap(e -> e.getValue().stream()).distinct().count() == 2;
            }, () -> "both nodes to answer; a:\n" + a.tail() + "\nb:\n" + b.tail());

            Set<String> ids = new HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                String id = "e-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                publish(client, id);
            }
            client.flush(Duration.ofSeconds(10));
            Poll.until(Duration.ofSeconds(120), POLL, () -> done(acks, ids) >= EVENTS / 2, () -> done(acks, ids) + " done");
            a.kill();
            long doneAtKill = done(acks, ids);

            Poll.until(Duration.ofSeconds(120), POLL, () -> done(acks, ids) >= EVENTS,
                    () -> done(acks, ids) + " of " + EVENTS + " after killing a; b:\n" + b.tail());
            long byA = ids.stream().filter(id -> acks.get(id).contains("a")).count();
            long byB = ids.stream().filter(id -> acks.get(id).contains("b")).count();
            assertEquals(EVENTS, done(acks, ids), "none lost");
            assertTrue(byA > 0 && byB > 0, "the work was split: a " + byA + ", b " + byB);
            assertTrue(byB >= EVENTS - doneAtKill, "b finished the rest: b " + byB + ", done at kill " + doneAtKill);
            assertTrue(b.isAlive());
        }
    }

    private static long done(Map<String, Set<String>> acks, Set<String> ids) {
        return ids.stream().filter(acks::containsKey).count();
    }

    /** An inbound event in the Event wire form, published straight to NATS (as another node would). */
    private static void publish(Connection c, String id) {
        String json = "{\"id\":\"" + id + "\",\"timestamp\":\"" + Instant.now() + "\",\"topic\":\"agent.route.e2e\","
                + "\"source\":\"e2e.test\",\"payload\":{\"text\":\"work\"}}";
        c.publish("agent.route.e2e", json.getBytes(StandardCharsets.UTF_8));
    }
}

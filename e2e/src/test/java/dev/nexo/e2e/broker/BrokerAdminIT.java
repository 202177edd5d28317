package dev.nexo.e2e.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.nats.client.Connection;
import io.nats.client.Nats;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;

/**
 * In the real container: the dead-letter admin API (list, show, replay, purge, typed errors), the
 * broker counters on {@code /metrics}, and a runtime switch from local to NATS by editing
 * {@code broker.yaml} that keeps a subscription made before it.
 */
class BrokerAdminIT {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ACK = Pattern.compile("\"id\":\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void deadLettersAreManagedOverRestAndTheBrokerSwitchesToNatsWithoutARestart() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path run = Files.createTempDirectory(work, "broker-admin-");
        int httpPort = NexoProcess.freePort();
        try (Node node = Node.withBrokerYaml(run.resolve("node"), "broker:\n  type: local\n",
                List.of("-Dnexo.e2e.node=solo", "-Dnexo.e2e.poison=true", "-Dnexo.e2e.work_ms=1"))) {
            node.start("-Dorg.osgi.service.http.port=" + httpPort);
            String base = "http://127.0.0.1:" + httpPort;
            Path keyFile = node.stateRoot().resolve("connection.key");
            Poll.until(Duration.ofSeconds(90), POLL, () -> Files.exists(keyFile), () -> "the connection key; " + node.tail());
            String key = Files.readString(keyFile).trim();

            // the poisoned event: 3 attempts, then a dead letter
            JsonNode[] list = new JsonNode[1];
            Poll.until(Duration.ofSeconds(90), POLL, () -> {
                list[0] = json(send(base, key, "GET", "/admin/api/dlq"));
                return list[0] != null && list[0].isArray() && list[0].size() == 1;
            }, () -> "one dead letter, got " + list[0] + "\n" + node.tail());
            JsonNode dead = list[0].get(0);
            assertEquals("e2e.poison", dead.path("topic").asText());
            assertEquals(3, dead.path("attempts").asInt());
            assertTrue(dead.path("error").asText().contains("poisoned"), dead.toString());
            long id = dead.path("id").asLong();
            assertEquals(dead.path("eventId").asText(),
                    json(send(base, key, "GET", "/admin/api/dlq/" + id)).path("eventId").asText());

            HttpResponse<String> missing = send(base, key, "GET", "/admin/api/dlq/999999");
            assertEquals(404, missing.statusCode());
            assertEquals("not_found", json(missing).path("error").asText());
            assertEquals(401, sendNoKey(base, "/admin/api/dlq").statusCode(), "the admin key is required");

            // replay: delivered again (fresh attempts), fails again, so a new dead letter appears
            HttpResponse<String> replay = send(base, key, "POST", "/admin/api/dlq/" + id + "/replay");
            assertEquals(200, replay.statusCode(), replay.body());
            Poll.until(Duration.ofSeconds(30), POLL, () -> {
                JsonNode l = json(send(base, key, "GET", "/admin/api/dlq"));
                return l != null && l.size() == 1 && l.get(0).path("id").asLong() != id;
            }, () -> "the replayed event dead-lettered again");
            String metrics = send(base, null, "GET", "/metrics").body();
            assertTrue(metrics.contains("nexo_broker_dead_lettered_total 2.0"), metrics);
            assertTrue(metrics.contains("nexo_broker_redelivered_total 4.0"), "2 retries per delivery");

            HttpResponse<String> purge = send(base, key, "DELETE", "/admin/api/dlq");
            assertEquals(1, json(purge).path("purged").asInt(), purge.body());
            assertEquals(0, json(send(base, key, "GET", "/admin/api/dlq")).size());

            // runtime switch: broker.yaml now says nats; the fixture's subscription carries over
            Path dir = Files.createDirectories(run.resolve("nats"));
            int natsPort = NexoProcess.freePort();
            try (NatsServer nats = new NatsServer(natsPort, dir).start();
                    Connection client = Nats.connect(nats.url())) {
                Set<String> acked = ConcurrentHashMap.newKeySet();
                client.createDispatcher(m -> {
                    Matcher x = ACK.matcher(new String(m.getData(), StandardCharsets.UTF_8));
                    if (x.find()) {
                        acked.add(x.group(1));
                    }
                }).subscribe("e2e.ack.solo");
                client.flush(Duration.ofSeconds(5));
                Files.writeString(node.stateRoot().resolveSibling("config").resolve("broker.yaml"),
                        "broker:\n  type: nats\n  url: " + nats.url() + "\n");
                String[] last = new String[1];
                Poll.until(Duration.ofSeconds(60), POLL, () -> {
                    last[0] = "switch-" + System.nanoTime();
                    client.publish("agent.route.e2e", ("{\"id\":\"" + last[0] + "\",\"timestamp\":\"" + Instant.now()
                            + "\",\"topic\":\"agent.route.e2e\",\"source\":\"e2e\",\"payload\":{}}")
                            .getBytes(StandardCharsets.UTF_8));
                    return !acked.isEmpty();
                }, () -> "an answer over NATS after the switch; " + node.tail());
                assertTrue(node.isAlive(), "no restart");
                assertTrue(send(base, null, "GET", "/metrics").body().contains("nexo_broker_circuit_state 0.0"));
            }
        }
    }

    private HttpResponse<String> send(String base, String key, String method, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> sendNoKey(String base, String path) {
        return send(base, null, "GET", path);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return r.statusCode() == 404 && r.body().isEmpty() ? null : JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

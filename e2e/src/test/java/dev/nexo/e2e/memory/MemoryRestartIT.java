package dev.nexo.e2e.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The restart test through the built distribution and its admin API: three facts are
 * stored for an agent and embedded by the real local model; the container stops and starts again
 * on the same state root; a paraphrase that shares no word with the right fact still recalls it
 * first by vector search, while the store reports that nothing was embedded since the restart (the
 * vectors came from SQLite, not from the model).
 */
class MemoryRestartIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration MODEL = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final String PEANUTS = "Lucia's daughter is allergic to peanuts.";
    static final List<String> FACTS = List.of(PEANUTS, "The quarterly report is due on the fifth of March.",
            "The office wifi password changes every Monday.");
    /** Shares no word with any fact. */
    static final String PARAPHRASE = "Which nut must a kid avoid?";

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(body, e);
            }
        }
    }

    static Reply call(int port, String key, String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static NexoProcess boot(Path state, Path log) {
        NexoProcess nexo = NexoProcess.start(Path.of(System.getProperty("nexo.dist.jar")), state, log, List.of());
        nexo.awaitHealthy(BOOT);
        Http http = nexo.http();
        Poll.until("GET /ready to answer 200", BOOT, () -> http.get("/ready"), r -> r.status() == 200);
        return nexo;
    }

    private static JsonNode status(NexoProcess nexo, String key) {
        return Poll.until("GET /admin/api/memory to answer 200", BOOT,
                () -> call(nexo.port(), key, "GET", "/admin/api/memory", null), r -> r.status() == 200).json();
    }

    private static JsonNode recallParaphrase(NexoProcess nexo, String key) {
        String body = "{\"query\":\"" + PARAPHRASE + "\",\"limit\":3,\"mode\":\"vector\"}";
        // vector mode fails (503 unavailable) until the model has loaded for the query embedding
        return Poll.until("a vector recall of the paraphrase", MODEL,
                () -> call(nexo.port(), key, "POST", "/admin/api/memory/ana/recall", body),
                r -> r.status() == 200 && r.json().path("results").size() > 0).json().get("results");
    }

    @Test
    void memoriesAndVectorsSurviveARestartWithoutReEmbedding() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path run = Files.createTempDirectory(work, "memory-restart-");
        Path state = run.resolve("state");
        Path logs = Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath();
        String key;

        try (NexoProcess first = boot(state, logs.resolve("nexo-" + run.getFileName() + "-1.log"))) {
            key = first.awaitKey(BOOT);
            status(first, key);
            assertEquals(401, call(first.port(), null, "GET", "/admin/api/memory", null).status(),
                    "the memory endpoint needs the connection-key");
            for (String fact : FACTS) {
                Reply stored = call(first.port(), key, "POST", "/admin/api/memory/ana",
                        JSON.createObjectNode().put("content", fact).toString());
                assertEquals(201, stored.status(), stored.body());
            }
            assertEquals(201, call(first.port(), key, "POST", "/admin/api/memory/bob",
                    "{\"content\":\"Bob's customer is allergic to peanuts too.\"}").status());
            JsonNode embedded = Poll.until("the four memories to be embedded", MODEL, () -> status(first, key),
                    s -> s.path("embedded").asLong() == 4 && s.path("stored_vectors").asLong() == 4);
            assertEquals(4, embedded.path("indexed_vectors").asLong());

            JsonNode before = recallParaphrase(first, key);
            assertEquals(PEANUTS, before.get(0).path("content").asText(), before.toString());
            assertTrue(before.get(0).path("score").isMissingNode(), "no scores leave the store");
            Reply export = call(first.port(), key, "GET", "/admin/api/memory/ana/export", null);
            assertEquals(200, export.status());
            assertEquals(3, export.body().strip().split("\n").length, export.body());
        }

        try (NexoProcess second = boot(state, logs.resolve("nexo-" + run.getFileName() + "-2.log"))) {
            assertEquals(key, second.awaitKey(BOOT), "same state root, same key");
            JsonNode after = recallParaphrase(second, key);
            assertEquals(PEANUTS, after.get(0).path("content").asText(), after.toString());
            for (JsonNode r : after) {
                assertTrue(FACTS.contains(r.path("content").asText()), "agent ana sees only her memories: " + after);
            }

            JsonNode s = status(second, key);
            assertEquals(4, s.path("stored_vectors").asLong(), s.toString());
            assertEquals(4, s.path("indexed_vectors").asLong(), "every stored vector is searchable: " + s);
            assertEquals(0, s.path("embedded").asLong(), "nothing was re-embedded at start: " + s);
            assertEquals(0, s.path("embed_queue_pending").asLong(), s.toString());

            JsonNode list = call(second.port(), key, "GET", "/admin/api/memory/ana", null).json();
            assertEquals(3, list.size(), list.toString());
            String log = Files.readString(second.log());
            assertTrue(log.contains("memory vector index loaded: 4 vectors in 2 scopes, no re-embedding"), log);
        }
    }
}

package dev.nexo.e2e.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoCli;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.e2e.StubLlm;
import java.io.IOException;
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
 * {@code bin/nexo memory store} then {@code bin/nexo memory recall} (and list, export, status)
 * against the built distribution, then one web-chat turn of an agent with long-term memory, and
 * {@code /metrics} carries the counters that used to be getters only: automatic recalls and their
 * failures by reason, turns, LLM calls, inbound drops and the memory store's counters.
 */
class MemoryCliMetricsIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FACT = "Ana's son Leo is allergic to peanuts.";

    @Test
    void theCliStoresAndRecallsAndTheNewCountersAreOnMetrics() throws Exception {
        try (StubLlm llm = new StubLlm()) {
            NexoProcess.Launch launch = NexoProcess.launch("memory-cli").config("llm.yaml", llm.llmYaml())
                    .config("agents.yaml", "agents:\n  - id: ana\n    model: {provider: stub, model: m1}\n"
                            + "    system_prompt: You help parents.\n"
                            + "    memory:\n      long_term: true\n      auto_recall: {top_k: 2, mode: keyword}\n"
                            + "    inbound_bindings:\n      - plugin: webchat\n        instance: console\n"
                            + "        allowed_tools: [\"memory_*\"]\n");
            Path state = launch.stateRoot();
            try (NexoProcess nexo = launch.start()) {
                nexo.awaitHealthy(BOOT);
                String key = nexo.awaitKey(BOOT);
                Http http = nexo.http().withKey(key);
                Poll.until("admin.url in the state root", BOOT, () -> Files.isRegularFile(state.resolve("admin.url")), ok -> ok);
                Poll.until("GET /admin/api/memory to answer 200", BOOT, () -> http.get("/admin/api/memory"),
                        r -> r.status() == 200);

                NexoCli.Result store = nexo(state, "memory", "store", "ana", FACT, "--tag", "family");
                assertEquals(0, store.exit(), store.output());
                assertTrue(store.out().startsWith("stored memory "), store.output());
                NexoCli.Result other = nexo(state, "memory", "store", "bob", "Bob's nephew cannot eat hazelnuts.", "--json");
                assertEquals(0, other.exit(), other.output());
                assertEquals("Bob's nephew cannot eat hazelnuts.", JSON.readTree(other.out()).path("content").asText());

                NexoCli.Result recall = nexo(state, "memory", "recall", "ana", "peanuts", "--mode", "keyword", "--json");
                assertEquals(0, recall.exit(), recall.output());
                JsonNode results = JSON.readTree(recall.out()).path("results");
                assertEquals(1, results.size(), recall.out());
                assertEquals(FACT, results.get(0).path("content").asText());
                assertEquals("family", results.get(0).path("tags").get(0).asText());
                NexoCli.Result table = nexo(state, "memory", "recall", "ana", "peanuts", "--mode", "keyword");
                assertTrue(table.out().lines().anyMatch(l -> l.contains("family") && l.contains("allergic to peanuts")),
                        table.output());
                assertTrue(table.out().lines().noneMatch(l -> l.contains("hazelnuts")), "never another agent's: " + table.out());

                NexoCli.Result export = nexo(state, "memory", "export", "ana");
                assertEquals(0, export.exit(), export.output());
                assertEquals(1, export.out().lines().count(), export.out());
                assertEquals(FACT, JSON.readTree(export.out().lines().findFirst().orElseThrow()).path("content").asText());
                NexoCli.Result status = nexo(state, "memory", "status");
                assertEquals(0, status.exit(), status.output());
                assertTrue(status.out().contains("stored vectors:"), status.output());
                NexoCli.Result unknownMode = nexo(state, "memory", "recall", "ana", "peanuts", "--mode", "psychic");
                assertEquals(64, unknownMode.exit(), unknownMode.output());

                int said = postWebchat(nexo.port(), key, "{\"chat\":\"c1\",\"text\":\"What must Leo never eat? peanuts?\"}");
                assertEquals(201, said);
                Poll.until("the LLM to be asked", BOOT, llm::requests, r -> !r.isEmpty());
                String prompt = llm.requests().get(0).path("messages").toString();
                assertTrue(prompt.contains("allergic to peanuts"), "the stored memory was recalled into the turn: " + prompt);

                String metrics = Poll.until("the turn to be counted on /metrics", BOOT, () -> nexo.http().get("/metrics"),
                        r -> r.status() == 200 && r.body().contains("nexo_agent_turns_total{agent=\"ana\",outcome=\"reply\"} 1.0"))
                        .body();
                for (String line : List.of("nexo_memory_auto_recalls_total{agent=\"ana\"} 1.0",
                        "nexo_memory_auto_recall_failures_total{agent=\"ana\",reason=\"error\"} 0.0",
                        "nexo_memory_auto_recall_failures_total{agent=\"ana\",reason=\"timeout\"} 0.0",
                        "nexo_llm_calls_total{agent=\"ana\"} 1.0",
                        "nexo_agent_inbound_dropped_total{reason=\"no_content\"} 0.0")) {
                    assertTrue(metrics.contains(line), "missing " + line + " in:\n" + grep(metrics, "nexo_"));
                }
                assertTrue(metrics.contains("# TYPE nexo_llm_tokens_total counter"), grep(metrics, "nexo_llm"));
                assertTrue(metrics.contains("# TYPE nexo_memory_embedded_total counter")
                        && metrics.contains("# TYPE nexo_memory_indexed_vectors gauge"), grep(metrics, "nexo_memory"));
            }
        }
    }

    private static String grep(String text, String prefix) {
        StringBuilder b = new StringBuilder();
        text.lines().filter(l -> l.startsWith(prefix)).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static int postWebchat(int port, String key, String body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api/webchat/messages"))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static NexoCli.Result nexo(Path state, String... args) throws IOException, InterruptedException {
        return NexoCli.run(state, args);
    }
}

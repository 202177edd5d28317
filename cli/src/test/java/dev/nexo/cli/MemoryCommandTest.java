package dev.nexo.cli;

import static dev.nexo.cli.AdminApiStub.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nexo memory …} (and the list shape it shares with {@code dlq} and {@code plugin}) against
 * a local server that speaks {@code /admin/api/memory}'s wire format and records every request:
 * method, path and query, Accept header and body.
 */
class MemoryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MEMORY = "{\"id\":\"m-1\",\"content\":\"Ana's son is allergic to peanuts.\",\"tags\":"
            + "[\"family\"],\"created_at\":\"2026-01-01T00:00:00Z\"}";

    /** One request as the server saw it. */
    record Seen(String method, String uri, String accept, JsonNode body) {
    }

    @TempDir
    Path state;
    @RegisterExtension
    final AdminApiStub api = new AdminApiStub(() -> state, this::handle);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private volatile boolean memoryBundle = true;

    private void handle(HttpExchange ex) throws IOException {
        String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        seen.add(new Seen(method, ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()),
                ex.getRequestHeaders().getFirst("Accept"), raw.isEmpty() ? null : JSON.readTree(raw)));
        if (!AdminApiStub.authorized(ex)) {
            reply(ex, 401, "application/json", "{\"error\":\"unauthorized\",\"message\":\"wrong key\"}");
        } else if (!memoryBundle && path.startsWith("/admin/api/memory")) {
            reply(ex, 404, "text/html", "<html>Not Found</html>");
        } else if (path.equals("/admin/api/memory") && method.equals("GET")) {
            reply(ex, 200, "application/json", "{\"embedded\":3,\"vector_failures\":0,\"embed_queue_pending\":0,"
                    + "\"embed_queue_dropped\":0,\"indexed_vectors\":3,\"graphs_loaded\":1,\"graphs_built\":0,"
                    + "\"stored_vectors\":3,\"vector_refusal\":null}");
        } else if (path.equals("/admin/api/memory/ana") && method.equals("GET")) {
            reply(ex, 200, "application/json", "[" + MEMORY + "]");
        } else if (path.equals("/admin/api/memory/ana") && method.equals("POST")) {
            if (raw.contains("sk-")) {
                reply(ex, 422, "application/json", "{\"error\":\"secret_detected\",\"message\":\"the content looks like "
                        + "a credential (openai_key); it was not stored\"}");
            } else {
                reply(ex, 201, "application/json", MEMORY);
            }
        } else if (path.equals("/admin/api/memory/ana/recall") && method.equals("POST")) {
            if (raw.contains("\"vector\"")) {
                reply(ex, 503, "application/json", "{\"error\":\"unavailable\",\"message\":\"the embedder is not ready\"}");
            } else {
                reply(ex, 200, "application/json", "{\"results\":[" + MEMORY + "]}");
            }
        } else if (path.equals("/admin/api/memory/ana/export") && method.equals("GET")) {
            reply(ex, 200, "application/x-ndjson", "{\"id\":\"m-1\"}\n{\"id\":\"m-2\"}\n");
        } else if (path.equals("/admin/api/memory/ana%20b") && method.equals("GET")) {
            reply(ex, 200, "application/json", "[]");
        } else if (path.equals("/admin/api/dlq")) {
            reply(ex, 200, "application/json", "[{\"id\":\"d1\",\"failedAt\":\"2026-01-01T00:00:00Z\",\"topic\":"
                    + "\"plugin.outbound.telegram\",\"attempts\":5,\"error\":\"boom\"}]");
        } else if (path.equals("/admin/api/plugins")) {
            reply(ex, 200, "application/json", "[{\"id\":\"pyecho\",\"version\":\"0.1.0\",\"state\":\"running\","
                    + "\"pid\":42,\"sandboxed\":true,\"tools\":[\"echo\",\"shout\"]}]");
        } else {
            reply(ex, 404, "application/json", "{\"error\":\"not_found\",\"message\":\"no such thing\"}");
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return api.run(out, err, args);
    }

    private Seen last() {
        return seen.get(seen.size() - 1);
    }

    @Test
    void statusPrintsTheCountersOrTheApiJson() throws Exception {
        assertEquals(0, run("memory", "status"), err.toString());
        assertEquals("GET /admin/api/memory", last().method() + " " + last().uri());
        assertEquals("application/json", last().accept());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("embedded: +3")), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.matches("vector refusal: +none")), out.toString());

        assertEquals(0, run("memory", "--json"), "the bare command is status");
        assertEquals(3, JSON.readTree(out.toString()).path("stored_vectors").asInt());
    }

    @Test
    void storeSendsTheContentAndTagsForTheAgentAndTenant() {
        assertEquals(0, run("memory", "store", "ana", "Ana's", "son", "is", "allergic", "to", "peanuts.", "--tag", "family",
                "--tenant", "acme"), err.toString());
        Seen s = last();
        assertEquals("POST /admin/api/memory/ana?tenant=acme", s.method() + " " + s.uri());
        assertEquals("Ana's son is allergic to peanuts.", s.body().path("content").asText());
        assertEquals("family", s.body().path("tags").get(0).asText());
        assertEquals("stored memory m-1 for agent ana", out.toString().strip());
    }

    @Test
    void recallSendsQueryLimitModeAndTagsAndPrintsATable() throws Exception {
        assertEquals(0, run("memory", "recall", "ana", "nut", "allergy", "--limit", "3", "--mode", "keyword",
                "--tag", "family"), err.toString());
        Seen s = last();
        assertEquals("POST /admin/api/memory/ana/recall?tenant=default", s.method() + " " + s.uri());
        assertEquals("nut allergy", s.body().path("query").asText());
        assertEquals(3, s.body().path("limit").asInt());
        assertEquals("keyword", s.body().path("mode").asText());
        assertEquals("[\"family\"]", s.body().path("tags").toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("ID") && lines.get(0).contains("CONTENT"), out.toString());
        assertTrue(lines.get(1).startsWith("m-1") && lines.get(1).contains("allergic to peanuts"), out.toString());

        assertEquals(0, run("memory", "recall", "ana", "nut", "--json"));
        assertEquals("m-1", JSON.readTree(out.toString()).path("results").get(0).path("id").asText());
        assertTrue(!last().body().has("mode") && !last().body().has("limit"), "the API's defaults: " + last().body());
    }

    @Test
    void listAsksForTheLimitAndEncodesTheAgent() throws Exception {
        assertEquals(0, run("memory", "list", "ana", "--limit", "7"), err.toString());
        assertEquals("GET /admin/api/memory/ana?tenant=default&limit=7", last().method() + " " + last().uri());
        assertTrue(out.toString().contains("family"), out.toString());
        assertEquals(0, run("memory", "list", "ana b", "--json"), err.toString());
        assertEquals("/admin/api/memory/ana%20b?tenant=default&limit=100", last().uri());
        assertTrue(JSON.readTree(out.toString()).isArray(), out.toString());
    }

    @Test
    void exportAsksForJsonLinesAndWritesThemUnchanged() throws Exception {
        assertEquals(0, run("memory", "export", "ana"), err.toString());
        assertEquals("GET /admin/api/memory/ana/export?tenant=default", last().method() + " " + last().uri());
        assertEquals("application/x-ndjson", last().accept());
        assertEquals("{\"id\":\"m-1\"}\n{\"id\":\"m-2\"}\n", out.toString());

        Path file = state.resolve("ana.jsonl");
        assertEquals(0, run("memory", "export", "ana", "-o", file.toString()), err.toString());
        assertEquals("{\"id\":\"m-1\"}\n{\"id\":\"m-2\"}\n", Files.readString(file));
        assertTrue(out.toString().contains("exported 2 memories of agent ana"), out.toString());
    }

    @Test
    void failuresHaveTypedMessagesAndExitCodes() {
        assertEquals(ExitCodes.FAILED, run("memory", "store", "ana", "my key is sk-abc"));
        assertTrue(err.toString().startsWith("error: secret_detected: the content looks like a credential"), err.toString());
        assertEquals(ExitCodes.FAILED, run("memory", "recall", "ana", "nut", "--mode", "vector"));
        assertTrue(err.toString().startsWith("error: unavailable:"), err.toString());

        assertEquals(ExitCodes.USAGE, run("memory", "recall", "ana", "nut", "--mode", "psychic"));
        assertEquals(ExitCodes.USAGE, run("memory", "store", "ana"), "TEXT is required");
        assertEquals(ExitCodes.USAGE, run("memory", "list", "ana", "--limit", "0"));
        assertTrue(err.toString().contains("--limit must be between 1 and 1000"), err.toString());
        int requests = seen.size();
        assertEquals(ExitCodes.USAGE, run("memory", "store", "ana", "  "));
        assertEquals(requests, seen.size(), "a blank memory is refused before any request");

        memoryBundle = false;
        assertEquals(ExitCodes.NOT_FOUND, run("memory", "status"));
        assertTrue(err.toString().contains("is the memory bundle installed and active?"), err.toString());
    }

    @Test
    void dlqAndPluginListsShareTheTableAndJsonShape() throws Exception {
        assertEquals(0, run("dlq"), err.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("d1") && l.contains("plugin.outbound.telegram")
                && l.endsWith("boom")), out.toString());
        assertEquals(0, run("dlq", "list", "--json"));
        assertEquals(5, JSON.readTree(out.toString()).get(0).path("attempts").asInt());
        assertEquals(0, run("plugin", "list"), err.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("pyecho") && l.contains("42") && l.endsWith("echo, shout")),
                out.toString());
        assertEquals(0, run("plugin", "--json"));
        assertEquals("running", JSON.readTree(out.toString()).get(0).path("state").asText());
    }
}

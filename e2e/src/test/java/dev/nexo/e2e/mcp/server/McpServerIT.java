package dev.nexo.e2e.mcp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;

/**
 * Nexo's MCP server in the built distribution, driven by a client that is not ours: the official
 * MCP TypeScript SDK ({@code @modelcontextprotocol/sdk}, installed by {@code npm ci} from
 * {@code src/test/npm/mcp-sdk-client}), over Streamable HTTP and over stdio through {@code nexo mcp serve}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String UNAUTHORIZED = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"unauthorized\"}}";
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @AutoClose
    private NexoProcess nexo;
    private String key;
    private String token;
    private String base;
    private Path work;

    @BeforeAll
    void start() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        nexo = NexoProcess.launch("mcp-server").config("mcp_server.yaml", "mcp_server:\n  enabled: true\n  name: nexo-e2e\n"
                + "  allowlist: [memory_recall, memory_store]\n").start();
        nexo.awaitHealthy(Duration.ofSeconds(60));
        key = nexo.awaitKey(Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + nexo.port();
        // an agent with a standing read grant for memory_recall only
        Reply connect = send("POST", "/admin/api/agents/connect", key,
                "{\"name\":\"coder\",\"tenant\":\"default\",\"capabilities\":[\"tool.memory_recall\"],\"window\":\"7d\"}", Map.of());
        assertEquals(201, connect.status(), connect.toString());
        Reply enroll = send("POST", "/agent/api/enroll", null,
                "{\"code\":\"" + connect.json().path("enrollmentCode").asText() + "\"}", Map.of());
        assertEquals(201, enroll.status(), enroll.toString());
        token = enroll.json().path("token").asText();
        // the endpoint and the memory tools come up asynchronously after /health
        Poll.until("/mcp to list memory_recall", Duration.ofSeconds(60), () -> rawToolsList(token),
                tools -> tools.contains("memory_recall"));
    }

    @Test
    void missingWrongMalformedTokensAndTheConnectionKeyAllGetTheSame401() {
        List<Reply> replies = new ArrayList<>();
        replies.add(send("POST", "/mcp", null, INIT, Map.of()));
        replies.add(send("POST", "/mcp", "nexo_agent_" + "x".repeat(43), INIT, Map.of()));
        replies.add(send("POST", "/mcp", "not a token at all", INIT, Map.of()));
        replies.add(send("POST", "/mcp", null, INIT, Map.of("Authorization", "Basic Y29kZXI6eA==")));
        replies.add(send("POST", "/mcp", key, INIT, Map.of()));
        for (Reply r : replies) {
            assertEquals(401, r.status(), r.toString());
            assertEquals(UNAUTHORIZED, r.body(), r.toString());
        }
    }

    @Test
    void theOfficialSdkClientListsCallsAndGetsATypedErrorOverStreamableHttp() throws Exception {
        JsonNode out = node("http", base + "/mcp", token, "memory_recall", "{\"query\":\"anything\"}", "memory_forget");
        assertTrue(out.path("connected").asBoolean(), out.toString());
        assertEquals("nexo-e2e", out.path("serverVersion").path("name").asText(), out.toString());
        assertEquals(List.of("memory_recall", "memory_store"), names(out.path("tools")), "memory_forget is not allowlisted: absent");
        assertEquals("object", out.path("schemas").path("memory_recall").path("type").asText());
        JsonNode call = out.path("call");
        assertFalse(call.path("isError").asBoolean(), out.toString());
        assertTrue(call.path("content").get(0).path("text").asText().contains("\"ok\":true"), out.toString());
        JsonNode other = out.path("otherError");
        assertEquals(-33405, other.path("code").asInt(), out.toString());
        assertEquals("not_allowed", other.path("data").path("code").asText(), out.toString());
        // calls, denials and latency reach the core's Prometheus endpoint
        String metrics = send("GET", "/metrics", null, null, Map.of()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("nexo_mcp_calls_total{") && l.contains("tool=\"memory_recall\"")
                && l.contains("outcome=\"ok\"")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("nexo_mcp_denials_total{") && l.contains("reason=\"not_allowed\"")), metrics);
        assertTrue(metrics.contains("nexo_mcp_call_duration_seconds_count{"), metrics);
    }

    @Test
    void aCallWithoutAGrantPendsForAHumanAndNamesTheApproval() throws Exception {
        JsonNode out = node("http", base + "/mcp", token, "memory_store", "{\"content\":\"the sky is blue\"}", "memory_recall");
        JsonNode err = out.path("callError");
        assertEquals("pending_approval", err.path("data").path("code").asText(), out.toString());
        String approval = err.path("data").path("approval_id").asText();
        Reply approvals = send("GET", "/admin/api/approvals/" + approval, key, null, Map.of());
        assertEquals(200, approvals.status(), approvals.toString());
        assertTrue(approvals.body().contains("tool.memory_store"), approvals.toString());
    }

    @Test
    void theSdkClientIsRefusedWith401WithTheConnectionKeyOrNoAgentToken() throws Exception {
        for (String credential : List.of(key, "nexo_agent_wrong")) {
            JsonNode out = node("connect", base + "/mcp", credential);
            assertFalse(out.path("connected").asBoolean(), out.toString());
            assertTrue(out.path("connectError").path("message").asText().contains("401")
                    || out.path("connectError").path("code").asInt() == 401, out.toString());
        }
    }

    @Test
    void theSdkClientWorksOverStdioThroughNexoMcpServe() throws Exception {
        Path home = Path.of(System.getProperty("nexo.dist.home"));
        String command = home.resolve("bin/nexo").toString();
        String args = JSON.writeValueAsString(List.of("mcp", "serve", "--url", base));
        JsonNode out = node(Map.of("NEXO_AGENT_TOKEN", token, "JAVA_HOME", System.getProperty("java.home")),
                "stdio", command, args, "memory_recall", "{\"query\":\"anything\"}", "memory_forget");
        assertTrue(out.path("connected").asBoolean(), out.toString());
        assertEquals(List.of("memory_recall", "memory_store"), names(out.path("tools")));
        assertFalse(out.path("call").path("isError").asBoolean(true), out.toString());
        assertEquals("not_allowed", out.path("otherError").path("data").path("code").asText(), out.toString());
        assertFalse(out.toString().contains(token), "the token is never echoed");
    }

    @Test
    void anUnknownSessionIs404AndABatchIsRefused() {
        Reply init = send("POST", "/mcp", token, INIT, Map.of());
        assertEquals(200, init.status(), init.toString());
        Reply unknown = send("POST", "/mcp", token, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
                Map.of("Mcp-Session-Id", "00000000-0000-0000-0000-000000000000"));
        assertEquals(404, unknown.status(), unknown.toString());
        Reply batch = send("POST", "/mcp", token, "[" + INIT + "]", Map.of());
        assertEquals(400, batch.status(), batch.toString());
        assertEquals(-32600, batch.json().path("error").path("code").asInt());
    }

    @Test
    void aRawGetOpensTheSessionsEventStream() throws Exception {
        Reply init = send("POST", "/mcp", token, INIT, Map.of());
        assertEquals(200, init.status(), init.toString());
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/mcp")).header("Authorization", "Bearer " + token)
                .header("Mcp-Session-Id", init.session()).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.io.InputStream> stream = HTTP.send(get, HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), stream.headers()::toString);
            assertTrue(lines.readLine().startsWith(":"), "the stream opens with a comment, through the admin HTTP filter chain");
            assertEquals(409, HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode(), "one stream per session");
        }
        assertEquals(204, send("DELETE", "/mcp", token, null, Map.of("Mcp-Session-Id", init.session())).status());
    }

    @Test
    void theSdkClientHearsToolsListChangedWhenAnExposedToolGoes() throws Exception {
        Path dir = Path.of(System.getProperty("nexo.mcp.client.dir"));
        Path err = Files.createTempFile(work, "mcp-watch-", ".stderr");
        Process p = new ProcessBuilder("node", dir.resolve("client.mjs").toString(), "watch", base + "/mcp", token, "30000")
                .directory(dir.toFile()).redirectError(err.toFile()).start();
        String memory = null;
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            JsonNode ready = JSON.readTree(out.readLine());
            assertTrue(ready.path("ready").asBoolean(), () -> "the SDK opened its GET event stream: " + ready + " " + read(err));
            assertTrue(names(ready.path("tools")).contains("memory_recall"), ready::toString);

            memory = memoryBundleId();
            assertEquals(200, send("POST", "/admin/api/bundles/" + memory + "/stop", key, null, Map.of()).status());

            String last = out.readLine();
            assertTrue(last != null, () -> "the client's result: " + read(err));
            JsonNode done = JSON.readTree(last);
            assertTrue(done.path("listChanged").asBoolean(), done::toString);
            assertFalse(names(done.path("toolsAfter")).contains("memory_recall"), done::toString);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
            if (memory != null) {
                assertEquals(200, send("POST", "/admin/api/bundles/" + memory + "/start", key, null, Map.of()).status());
                Poll.until("/mcp to list memory_recall again", Duration.ofSeconds(60), () -> rawToolsList(token),
                        tools -> tools.contains("memory_recall"));
            }
        }
    }

    private String memoryBundleId() {
        for (JsonNode b : send("GET", "/admin/api/bundles", key, null, Map.of()).json()) {
            if ("dev.nexo.memory".equals(b.path("symbolicName").asText())) {
                return b.path("id").asText();
            }
        }
        throw new AssertionError("no dev.nexo.memory bundle");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---- helpers ----

    private List<String> rawToolsList(String bearer) {
        Reply init = send("POST", "/mcp", bearer, INIT, Map.of());
        if (init.status() != 200) {
            return List.of();
        }
        Reply list = send("POST", "/mcp", bearer, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                Map.of("Mcp-Session-Id", init.session()));
        return list.status() == 200 ? names(list.json().path("result").path("tools").findValues("name")) : List.of();
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.path("name").asText()));
        return out;
    }

    private static List<String> names(List<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }

    private JsonNode node(String... args) throws Exception {
        return node(Map.of(), args);
    }

    /** Runs the SDK client script; its last stdout line is the JSON result. */
    private JsonNode node(Map<String, String> env, String... args) throws Exception {
        Path dir = Path.of(System.getProperty("nexo.mcp.client.dir"));
        List<String> cmd = new ArrayList<>(List.of("node", dir.resolve("client.mjs").toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(work, "mcp-client-", ".stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "node client timed out");
        assertEquals(0, p.exitValue(), "node client failed: " + stdout + "\n" + Files.readString(err));
        String[] lines = stdout.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private record Reply(int status, String body, String session) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + this, e);
            }
        }
    }

    private Reply send(String method, String path, String bearer, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Mcp-Session-Id").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.nexo.e2e.mcp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.e2e.StubLlm;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The built distribution as an MCP client of real MCP servers that are not ours: the npm
 * {@code @modelcontextprotocol/server-everything} over stdio (spawned by Nexo) and over Streamable
 * HTTP (started here), plus a small script server that crashes and hangs. An agent with the stub
 * LLM calls their tools through the web chat; write tools pend until approved on the admin API.
 * {@code everything} and {@code web} start lazily (listed once, then idle until a call; after a
 * container restart not started at all until a call); {@code faulty} is eager.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpClientIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private final AtomicInteger chats = new AtomicInteger();

    private StubLlm llm;
    private Process httpServer;
    private NexoProcess nexo;
    private Http admin;
    private String key;
    private Path config;
    private Path run;
    private Path logs;

    @BeforeAll
    void start() throws Exception {
        Path everything = Path.of(System.getProperty("nexo.mcp.everything")).toAbsolutePath();
        Path faultServer = Path.of(System.getProperty("nexo.mcp.faultserver")).toAbsolutePath();
        assertTrue(Files.isRegularFile(everything), "npm ci installed server-everything: " + everything);
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        logs = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath());
        run = Files.createTempDirectory(work, "mcp-client-");
        config = Files.createDirectories(run.resolve("config"));

        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder("node", everything.toString(), "streamableHttp")
                .redirectErrorStream(true).redirectOutput(logs.resolve("server-everything-http.log").toFile());
        pb.environment().put("PORT", String.valueOf(port));
        httpServer = pb.start();
        String mcpUrl = "http://127.0.0.1:" + port + "/mcp";
        Poll.until("server-everything to listen on " + port, WAIT, () -> probe(mcpUrl), s -> s > 0);

        llm = new StubLlm();
        Files.writeString(config.resolve("llm.yaml"), llm.llmYaml());
        Files.writeString(config.resolve("agents.yaml"), "agents:\n  - id: ana\n    model: {provider: stub, model: m1}\n"
                + "    system_prompt: You use MCP tools.\n    inbound_bindings:\n      - plugin: webchat\n        instance: console\n"
                + "        allowed_tools: [everything_echo, web_get-sum, faulty_*]\n");
        Files.writeString(config.resolve("mcp.yaml"), "mcp:\n  call_timeout_ms: 20000\n"
                + "  restart: { initial_backoff_ms: 3000, max_backoff_ms: 3000 }\n  servers:\n"
                + "    everything:\n      transport:\n        type: stdio\n        command: node\n"
                + "        args: [\"" + everything + "\", stdio]\n"
                + "    web:\n      transport:\n        type: http\n        url: " + mcpUrl + "\n"
                + "        headers: { X-Nexo-Test: \"${MCP_TEST_HEADER:-e2e-header-value}\" }\n      read_tools: [get-sum]\n"
                + "    faulty:\n      startup: eager\n      transport:\n        type: stdio\n        command: python3\n"
                + "        args: [\"-u\", \"" + faultServer + "\"]\n      call_timeout_ms: 1500\n");
        boot("");
        Poll.until("all three MCP servers listed (lazy ones idle, the eager one ready)", BOOT,
                () -> admin.get("/admin/api/mcp/servers"),
                r -> r.status() == 200 && r.json().size() == 3 && countUp(r.json()) == 3);
        assertEquals("ready", server("faulty").path("state").asText());
    }

    private void boot(String suffix) {
        nexo = NexoProcess.start(Path.of(System.getProperty("nexo.dist.jar")), run.resolve("state"),
                logs.resolve("nexo-" + run.getFileName() + suffix + ".log"),
                List.of("-Dnexo.config.dir=" + config));
        nexo.awaitHealthy(BOOT);
        key = nexo.awaitKey(WAIT);
        admin = nexo.http().withKey(key);
    }

    @AfterAll
    void stop() {
        if (nexo != null) {
            nexo.close();
        }
        if (httpServer != null) {
            httpServer.destroy();
        }
        if (llm != null) {
            llm.close();
        }
    }

    /** @return how many servers offer their tools: ready, or idle (lazy) with their listed tools */
    private static int countUp(JsonNode servers) {
        int n = 0;
        for (JsonNode s : servers) {
            String state = s.path("state").asText();
            n += ("ready".equals(state) || "idle".equals(state)) && s.path("tools").size() > 0 ? 1 : 0;
        }
        return n;
    }

    /** @return whether a server-everything over stdio runs under this JVM (spawned by the container) */
    private static boolean everythingStdioRuns() {
        return ProcessHandle.current().descendants().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains("server-everything") && c.endsWith(" stdio")).orElse(false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int probe(String url) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private int post(String path, String json) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nexo.port() + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return CLIENT.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Says {@code text} in a fresh web chat, approving pending calls of {@code tool}, and returns the agent's reply. */
    private String chat(String text, String tool) {
        String chat = "mcp" + chats.incrementAndGet();
        assertEquals(201, post("/admin/api/webchat/messages", JSON.createObjectNode().put("chat", chat).put("text", text).toString()));
        Reply reply = Poll.until("the agent's reply in chat " + chat, WAIT, () -> {
            approve("tool." + tool);
            return admin.get("/admin/api/webchat/messages?chat=" + chat + "&after=0");
        }, r -> r.status() == 200 && agentText(r.json()) != null);
        return agentText(reply.json());
    }

    private void approve(String capability) {
        Reply pending = admin.get("/admin/api/approvals");
        if (pending.status() == 200) {
            for (JsonNode a : pending.json()) {
                if (a.path("capability").asText().equals(capability)) {
                    assertEquals("mcp-server", a.path("provenance").asText(), a::toString);
                    post("/admin/api/approvals/" + a.path("id").asText() + "/approve", "{\"window\":\"1h\"}");
                }
            }
        }
    }

    private static String agentText(JsonNode messages) {
        for (JsonNode m : messages.path("messages")) {
            if ("agent".equals(m.path("from").asText())) {
                return m.path("text").asText();
            }
        }
        return null;
    }

    @Test
    @Order(1)
    void anAgentCallsServerEverythingsEchoOverStdioAfterApproval() {
        String reply = chat("/tool everything_echo {\"message\":\"hello from nexo\"}", "everything_echo");

        assertEquals("stub says: tool everything_echo returned: Echo: hello from nexo", reply);
        assertTrue(llm.requests().stream().anyMatch(r -> r.path("tools").toString().contains("everything_echo")),
                "the MCP tool was offered to the LLM");
        assertFalse(llm.requests().stream().anyMatch(r -> r.path("tools").toString().contains("everything_get-env")),
                "tools outside the binding's allowlist are not offered");
    }

    @Test
    @Order(2)
    void anAgentCallsServerEverythingsGetSumOverStreamableHttp() {
        String reply = chat("/tool web_get-sum {\"a\":2,\"b\":3}", "web_get-sum");

        assertTrue(reply.startsWith("stub says: tool web_get-sum returned: ") && reply.contains("5"), reply);
        JsonNode web = server("web");
        assertTrue(web.path("transport").asText().startsWith("http:"), web::toString);
        assertEquals("2025-06-18", web.path("protocol_version").asText(), web::toString);
        assertFalse(web.toString().contains("X-Nexo-Test"), "no headers on the admin API");
    }

    @Test
    @Order(3)
    void aHangingCallTimesOutWithAClearErrorTheModelSees() {
        String reply = chat("/tool faulty_hang {}", "faulty_hang");

        assertTrue(reply.contains("timeout") && reply.contains("did not answer within"), reply);
        assertEquals("ready", server("faulty").path("state").asText(), "the server itself stays up");
    }

    @Test
    @Order(99) // last: the faulty server is down for a while
    void aCrashedServerIsRestartedWithBackoffAndItsToolsVanishMeanwhile() {
        int before = server("faulty").path("restarts").asInt();

        chat("/tool faulty_crash {}", "faulty_crash");

        // the restart backoff is 3 s here: long enough to see the server down
        JsonNode down = Poll.until("the faulty server to be down", WAIT, () -> server("faulty"),
                s -> "restarting".equals(s.path("state").asText()));
        assertEquals(0, down.path("tools").size(), "no tools while down: " + down);
        assertTrue(down.path("last_error").asText().contains("exited with code 3"), down::toString);
        JsonNode back = Poll.until("the faulty server to be back", WAIT, () -> server("faulty"),
                s -> "ready".equals(s.path("state").asText()) && s.path("restarts").asInt() == before + 1);
        assertTrue(back.path("tools").toString().contains("faulty_ping"), back::toString);
        assertTrue(back.path("last_error").isNull(), back::toString);
    }

    private JsonNode server(String name) {
        Reply r = admin.get("/admin/api/mcp/servers/" + name);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    @Test
    @Order(50)
    void callsAreCountedOnTheMetricsEndpoint() {
        chat("/tool everything_echo {\"message\":\"count me\"}", "everything_echo");

        Reply metrics = nexo.http().get("/metrics");
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("nexo_mcp_client_calls_total{outcome=\"ok\",server=\"everything\"}"),
                () -> metrics.body().lines().filter(l -> l.contains("mcp")).toList().toString());
        assertTrue(metrics.body().contains("nexo_mcp_client_up{server=\"web\"} 1.0"));
    }

    @Test
    @Order(100) // after the crash test: edits the config
    void removingAServerFromTheConfigStopsItAndItsToolsGo() throws IOException {
        String yaml = Files.readString(config.resolve("mcp.yaml"));
        int web = yaml.indexOf("    web:\n");
        int faulty = yaml.indexOf("    faulty:\n");
        Files.writeString(config.resolve("mcp.yaml"), yaml.substring(0, web) + yaml.substring(faulty));

        Reply servers = Poll.until("the web server to be gone", WAIT, () -> admin.get("/admin/api/mcp/servers"),
                r -> r.status() == 200 && r.json().size() == 2);
        assertFalse(servers.body().contains("\"web\""), servers::toString);
        String reply = chat("/tool web_get-sum {\"a\":1,\"b\":1}", "web_get-sum");
        assertTrue(reply.contains("not_found"), reply);
    }

    @Test
    @Order(60)
    void theHealthEndpointNeedsTheConnectionKey() {
        assertEquals(401, nexo.http().get("/admin/api/mcp/servers").status());
        assertEquals(404, admin.get("/admin/api/mcp/servers/nobody").status());
    }

    @Test
    @Order(200) // last: restarts the container on the same state root
    void afterARestartALazyServerOffersItsCachedToolsAndStartsOnlyForACall() throws Exception {
        nexo.close();
        assertFalse(everythingStdioRuns(), "the container's children are gone with it");

        boot("-restart");
        JsonNode idle = Poll.until("everything offered from its cached tool list", BOOT, () -> server("everything"),
                s -> "idle".equals(s.path("state").asText()) && s.path("tools").toString().contains("everything_echo"));
        assertTrue(idle.path("server_name").isNull() || idle.path("server_name").isMissingNode(), idle::toString);
        Poll.until("the eager server to be ready", BOOT, () -> server("faulty"), s -> "ready".equals(s.path("state").asText()));
        assertFalse(everythingStdioRuns(), "the lazy server was not started");

        String reply = chat("/tool everything_echo {\"message\":\"after restart\"}", "everything_echo");

        assertEquals("stub says: tool everything_echo returned: Echo: after restart", reply);
        assertEquals("ready", server("everything").path("state").asText());
        assertTrue(everythingStdioRuns(), "the call started it");
    }
}

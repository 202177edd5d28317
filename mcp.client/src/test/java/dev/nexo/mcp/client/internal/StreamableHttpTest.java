package dev.nexo.mcp.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.nexo.api.tool.ToolContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Streamable HTTP transport against a local server that speaks the spec's wire format and
 * asserts what it receives: Accept header, Authorization from config, the session id from
 * initialize on later requests, SSE and JSON answers, and re-initialising after a 404 for an
 * expired session.
 */
class StreamableHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer http;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile String liveSession;
    private ServerRuntime runtime;
    private final ListPublisher published = new ListPublisher();

    @BeforeEach
    void serve() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/mcp", this::handle);
        http.start();
    }

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if ("GET".equals(method) || "DELETE".equals(method)) {
            ex.sendResponseHeaders(405, -1);
            ex.close();
            return;
        }
        if (!"Bearer s3cret".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            problems.add("missing Authorization");
        }
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept == null || !accept.contains("application/json") || !accept.contains("text/event-stream")) {
            problems.add("bad Accept: " + accept);
        }
        JsonNode msg = JSON.readTree(ex.getRequestBody());
        String rpc = msg.path("method").asText();
        methods.add(rpc);
        String session = ex.getRequestHeaders().getFirst("Mcp-Session-Id");
        if ("initialize".equals(rpc)) {
            liveSession = "session-" + sessions.incrementAndGet();
            ex.getResponseHeaders().add("Mcp-Session-Id", liveSession);
            sse(ex, "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id") + ",\"result\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"local\",\"version\":\"1\"}}}");
            return;
        }
        if (!liveSession.equals(session)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        if (!"2025-06-18".equals(ex.getRequestHeaders().getFirst("MCP-Protocol-Version"))) {
            problems.add("no protocol version header on " + rpc);
        }
        if (!msg.has("id")) {
            ex.sendResponseHeaders(202, -1);
            ex.close();
        } else if ("tools/list".equals(rpc)) {
            json(ex, "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id") + ",\"result\":{\"tools\":[{\"name\":\"add\","
                    + "\"inputSchema\":{\"type\":\"object\"}}]}}");
        } else {
            int sum = msg.path("params").path("arguments").path("a").asInt() + msg.path("params").path("arguments").path("b").asInt();
            sse(ex, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"x\"}}",
                    "{\"jsonrpc\":\"2.0\",\"id\":" + msg.get("id") + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"sum "
                            + sum + "\"}]}}");
        }
    }

    private static void sse(HttpExchange ex, String... messages) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String m : messages) {
            b.append("event: message\nid: 1\ndata: ").append(m).append("\n\n");
        }
        send(ex, "text/event-stream", b.toString());
    }

    private static void json(HttpExchange ex, String body) throws IOException {
        send(ex, "application/json", body);
    }

    private static void send(HttpExchange ex, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private String add(int a, int b) {
        return published.tools.get("web_add").invoke("{\"a\":" + a + ",\"b\":" + b + "}",
                ToolContext.builder("default", "ana", "c1").build()).toCompletableFuture().join().content();
    }

    @Test
    void callsCarryTheSessionAndAnExpiredSessionIsReinitialised() {
        ServerSettings s = new ServerSettings("web", false, List.of(), Map.of(), null,
                URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/mcp"), Map.of("Authorization", "Bearer s3cret"),
                Set.of(), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO, true,
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Set.of(), true);
        runtime = new ServerRuntime(s, ServerRuntime::defaultTransport, published, ClientMetrics.none("web"), Clock.systemUTC(), "t");
        runtime.start();
        Await.until("web_add", Duration.ofSeconds(10), () -> published.tools.containsKey("web_add"));

        assertEquals("sum 5", add(2, 3));
        assertEquals(List.of("initialize", "notifications/initialized", "tools/list", "tools/call"), methods);

        liveSession = "expired-by-server";
        Await.until("the runtime to notice the expired session and reconnect", Duration.ofSeconds(10), () -> {
            try {
                add(1, 1);
            } catch (RuntimeException e) {
                // the call that met the 404 fails; the runtime reconnects with backoff
            }
            return sessions.get() == 2 && runtime.state() == ServerState.READY;
        });
        assertEquals("sum 7", add(3, 4));
        assertTrue(problems.isEmpty(), problems.toString());
    }
}

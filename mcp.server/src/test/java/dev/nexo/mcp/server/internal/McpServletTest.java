package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;

/** The HTTP transport over hand-made servlet request/response objects (no container). */
class McpServletTest {
    private static final String TOKEN = "nexo_agent_good";
    private static final String ADMIN_KEY = "nexo_admin_key";
    private final Sessions sessions = new Sessions(60_000, 10, System::currentTimeMillis);
    private final McpServlet servlet;

    McpServletTest() {
        Fakes.Policy trust = new Fakes.Policy();
        Fakes.EchoTool notes = new Fakes.EchoTool("notes_read", Sensitivity.READ);
        trust.register(notes, Provenance.FIRST_PARTY, "dev.nexo.core");
        ToolCatalog catalog = new ToolCatalog(trust, new ToolCatalog.Policy(List.of(), List.of(), false, true, false));
        catalog.add(notes);
        McpDispatcher d = new McpDispatcher("nexo", "0.1.0", catalog, trust, new RateLimiter(0, 1, System::nanoTime),
                new ConcurrencyGate(4, 0), Duration.ofSeconds(5), Duration.ZERO, new McpMetrics());
        // like AgentCredentialsService: only the agent token passes; the connection-key is just another wrong credential
        McpServlet.Authenticator auth = bearer -> TOKEN.equals(bearer) ? Optional.of(new AgentPrincipal("coder", "default")) : Optional.empty();
        servlet = new McpServlet(auth, sessions, d, new McpMetrics(), 4096, new NotificationStreams(who -> List.of(), sessions,
                null, Duration.ofSeconds(15), Duration.ZERO));
    }

    record Reply(int status, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return Frames.JSON.readTree(body);
        }
    }

    private Reply send(String method, String body, String... headers) throws Exception {
        Map<String, String> in = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            in.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream src = new ByteArrayInputStream(bytes);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                return src.read();
            }

            @Override
            public boolean isFinished() {
                return src.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getHeader" -> in.get(((String) a[0]).toLowerCase());
                    case "getInputStream" -> sin;
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getMethod" -> method;
                    default -> null;
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sout = new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }
        };
        int[] status = {200};
        Map<String, String> outHeaders = new HashMap<>();
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> status[0] = (Integer) a[0];
                        case "setHeader" -> outHeaders.put((String) a[0], (String) a[1]);
                        case "setContentType" -> outHeaders.put("Content-Type", (String) a[0]);
                        case "getOutputStream" -> {
                            return sout;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
        switch (method) {
            case "POST" -> servlet.doPost(req, resp);
            case "GET" -> servlet.doGet(req, resp);
            case "DELETE" -> servlet.doDelete(req, resp);
            default -> throw new IllegalArgumentException(method);
        }
        return new Reply(status[0], outHeaders, out.toString(StandardCharsets.UTF_8));
    }

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private String initialize() throws Exception {
        Reply r = send("POST", INIT, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, r.status(), r.body());
        return r.headers().get("Mcp-Session-Id");
    }

    @Test
    void missingWrongMalformedAndConnectionKeyCredentialsAllGetTheSame401Body() throws Exception {
        List<Reply> replies = List.of(send("POST", INIT), send("POST", INIT, "Authorization", "Bearer nexo_agent_wrong"),
                send("POST", INIT, "Authorization", "Basic Zm9vOmJhcg=="), send("POST", INIT, "Authorization", "Bearer"),
                send("POST", INIT, "Authorization", "Bearer " + ADMIN_KEY), send("GET", null), send("DELETE", null));
        for (Reply r : replies) {
            assertEquals(401, r.status());
            assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"unauthorized\"}}", r.body());
        }
        assertEquals(0, sessions.size(), "nothing was allocated for a refused caller");
    }

    @Test
    void initializeOpensASessionWithTheNegotiatedVersionAndLaterCallsUseIt() throws Exception {
        Reply init = send("POST", INIT, "Authorization", "Bearer " + TOKEN);
        assertEquals("2025-06-18", init.json().path("result").path("protocolVersion").asText());
        assertEquals("nexo", init.json().path("result").path("serverInfo").path("name").asText());
        String sid = init.headers().get("Mcp-Session-Id");
        assertNotNull(sid);
        Reply note = send("POST", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid);
        assertEquals(202, note.status());
        assertEquals("", note.body());
        Reply list = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid, "MCP-Protocol-Version", "2025-06-18");
        assertEquals(200, list.status());
        assertEquals("notes_read", list.json().path("result").path("tools").get(0).path("name").asText());
    }

    @Test
    void anUnknownOrMissingSessionIs404AndDeleteEndsASession() throws Exception {
        String sid = initialize();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}";
        assertEquals(404, send("POST", ping, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", "nope").status());
        assertEquals(404, send("POST", ping, "Authorization", "Bearer " + TOKEN).status());
        assertEquals(406, send("GET", null, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid).status(),
                "an event stream needs Accept: text/event-stream");
        assertEquals(404, send("GET", null, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", "nope",
                "Accept", "text/event-stream").status());
        assertEquals(204, send("DELETE", null, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid).status());
        Reply gone = send("POST", ping, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid);
        assertEquals(404, gone.status());
        assertEquals("Session not found", gone.json().path("error").path("message").asText());
        assertEquals(404, send("DELETE", null, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid).status());
    }

    @Test
    void badFramesAreRefusedWith400AndOversizedBodiesWith413() throws Exception {
        String sid = initialize();
        Reply batch = send("POST", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid);
        assertEquals(400, batch.status());
        assertEquals(-32600, batch.json().path("error").path("code").asInt());
        String deep = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}}";
        Reply nested = send("POST", deep, "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid);
        assertEquals(-32600, nested.json().path("error").path("code").asInt());
        assertTrue(nested.json().path("id").isNull());
        Reply big = send("POST", "{\"x\":\"" + "a".repeat(5000) + "\"}", "Authorization", "Bearer " + TOKEN, "Mcp-Session-Id", sid);
        assertEquals(413, big.status());
        Reply version = send("POST", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}", "Authorization", "Bearer " + TOKEN,
                "Mcp-Session-Id", sid, "MCP-Protocol-Version", "1999-01-01");
        assertEquals(400, version.status());
    }

    @Test
    void aSessionOfOneAgentIsUnknownToAnother() throws Exception {
        String sid = initialize();
        assertTrue(sessions.find(sid, new AgentPrincipal("coder", "default")).isPresent());
        assertTrue(sessions.find(sid, new AgentPrincipal("intruder", "default")).isEmpty());
        assertNull(McpServlet.bearer((HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> null)));
    }
}

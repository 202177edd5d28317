package dev.nexo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The stdio bridge against a local server that speaks /mcp's shapes and asserts what it receives. */
class McpServeCommandTest {
    private static final String TOKEN = "nexo_agent_secret123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path state;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String sid = ex.getRequestHeaders().getFirst("Mcp-Session-Id");
        seen.add(ex.getRequestMethod() + " session=" + sid + " version=" + ex.getRequestHeaders().getFirst("MCP-Protocol-Version")
                + " " + body);
        if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"unauthorized\"}}", null);
            return;
        }
        if (ex.getRequestMethod().equals("DELETE")) {
            reply(ex, 204, "", null);
            return;
        }
        JsonNode req = JSON.readTree(body);
        String method = req.path("method").asText();
        if (method.equals("initialize")) {
            reply(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + req.get("id") + ",\"result\":{\"protocolVersion\":\"2025-06-18\"}}", "s-1");
        } else if (!"s-1".equals(sid)) {
            reply(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}", null);
        } else if (!req.has("id")) {
            reply(ex, 202, "", null);
        } else {
            reply(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + req.get("id") + ",\"result\":{\"tools\":[]}}", "s-1");
        }
    }

    private static void reply(HttpExchange ex, int status, String body, String session) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (session != null) {
            ex.getResponseHeaders().add("Mcp-Session-Id", session);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private List<String> run(String token, String... lines) {
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new McpServeCommand.Bridge(endpoint, token, new PrintWriter(err)).run(
                new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true));
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void framesAreRelayedInOrderWithTheSessionAndVersionTheContainerGave() throws Exception {
        List<String> out = run(TOKEN,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "",
                "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/list\"}");
        assertEquals(2, out.size(), out.toString());
        assertEquals(1, JSON.readTree(out.get(0)).path("id").asInt());
        assertEquals("two", JSON.readTree(out.get(1)).path("id").asText());
        assertTrue(seen.get(0).startsWith("POST session=null version=null"), seen.toString());
        assertTrue(seen.get(1).startsWith("POST session=s-1 version=2025-06-18"), seen.toString());
        assertTrue(seen.get(2).startsWith("POST session=s-1 version=2025-06-18"), seen.toString());
        assertTrue(seen.get(3).startsWith("DELETE session=s-1"), "the session is ended at EOF: " + seen);
    }

    @Test
    void aRefusedTokenAnswersEachRequestByIdAndIsNeverPrinted() throws Exception {
        List<String> out = run("nexo_agent_wrong", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"initialize\",\"params\":{}}");
        JsonNode reply = JSON.readTree(out.get(0));
        assertEquals(9, reply.path("id").asInt());
        assertEquals(-32001, reply.path("error").path("code").asInt());
        assertTrue(err.toString().contains("refused the agent token"));
        assertFalse(err.toString().contains("nexo_agent_wrong") || String.join("", out).contains("nexo_agent_wrong"));
    }

    @Test
    void anUnreachableContainerIsATypedErrorNotACrash() throws Exception {
        server.stop(0);
        List<String> out = run(TOKEN, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(-32603, JSON.readTree(out.get(0)).path("error").path("code").asInt());
    }

    @Test
    void withoutATokenTheCommandRefusesToStart() {
        StringWriter e = new StringWriter();
        CommandLine cli = NexoCli.commandLine(name -> null);
        cli.setErr(new PrintWriter(e));
        assertEquals(ExitCodes.UNAUTHORIZED, cli.execute("mcp", "serve", "--state", state.toString()));
        assertTrue(e.toString().contains("no agent token"), e.toString());
    }
}

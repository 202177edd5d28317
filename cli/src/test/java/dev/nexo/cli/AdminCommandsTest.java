package dev.nexo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin commands against a local server that speaks the admin API's shapes and checks the key. */
class AdminCommandsTest {
    private static final String BUNDLES = "[{\"id\":0,\"symbolicName\":\"org.apache.felix.framework\",\"version\":\"7.0.5\","
            + "\"state\":\"ACTIVE\"},{\"id\":12,\"symbolicName\":\"dev.nexo.channel.telegram\",\"version\":\"0.1.0\","
            + "\"state\":\"ACTIVE\",\"deployed\":true}]";

    @TempDir
    Path state;
    @RegisterExtension
    final AdminApiStub api = new AdminApiStub(() -> state, this::handle);
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        byte[] body = ex.getRequestBody().readAllBytes();
        if (!AdminApiStub.authorized(ex)) {
            reply(ex, 401, "{\"error\":\"unauthorized\",\"message\":\"missing or wrong connection key\"}");
        } else if (path.equals("/admin/api/status")) {
            reply(ex, 200, "{\"version\":\"0.1.0\",\"uptimeMs\":61000,\"ready\":true,\"missing\":[],"
                    + "\"stateRoot\":\"/s\",\"channels\":1,\"bundles\":{\"ACTIVE\":54}}");
        } else if (path.equals("/admin/api/bundles") && ex.getRequestMethod().equals("GET")) {
            reply(ex, 200, BUNDLES);
        } else if (path.equals("/admin/api/bundles") && ex.getRequestMethod().equals("POST")) {
            assertEquals("application/java-archive", ex.getRequestHeaders().getFirst("Content-Type"));
            reply(ex, 201, "{\"id\":13,\"symbolicName\":\"x\",\"version\":\"1.0.0\",\"state\":\"ACTIVE\",\"size\":"
                    + body.length + "}");
        } else if (path.equals("/admin/api/bundles/12") && ex.getRequestMethod().equals("DELETE")) {
            reply(ex, 204, "");
        } else {
            reply(ex, 404, "{\"error\":\"not_found\",\"message\":\"no such thing\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        AdminApiStub.reply(ex, status, "application/json", body);
    }

    private int run(String... args) {
        return api.run(out, err, args);
    }

    @Test
    void statusPrintsATableOrTheApiJson() throws Exception {
        assertEquals(0, run("status"));
        assertTrue(out.toString().contains("ready:     yes"), out.toString());
        assertTrue(out.toString().contains("54 active"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("status", "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals("0.1.0", json.path("version").asText());
    }

    @Test
    void bundlesListInstallAndRemoveByName() throws Exception {
        assertEquals(0, run("bundles", "list"));
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("12") && l.contains("dev.nexo.channel.telegram")),
                out.toString());
        Path jar = Files.write(state.resolve("my channel.jar"), new byte[] {1, 2, 3});
        assertEquals(0, run("bundles", "install", jar.toString()));
        assertTrue(requests.contains("POST /admin/api/bundles?name=my+channel.jar"), requests.toString());
        assertTrue(out.toString().contains("installed bundle 13"), out.toString());
        assertEquals(0, run("bundles", "remove", "dev.nexo.channel.telegram", "--json"));
        assertTrue(requests.contains("DELETE /admin/api/bundles/12"), requests.toString());
    }

    @Test
    void exitCodesTellTheFailureApart() throws Exception {
        assertEquals(ExitCodes.NOT_FOUND, run("bundles", "remove", "no.such.bundle"));
        assertTrue(err.toString().contains("no bundle with symbolic name 'no.such.bundle'"), err.toString());
        assertEquals(ExitCodes.NOT_FOUND, run("bundles", "remove", "99"));
        assertEquals(ExitCodes.FAILED, run("bundles", "install", state.resolve("missing.jar").toString()));
        Files.writeString(state.resolve("connection.key"), "nexo_admin_wrong");
        assertEquals(ExitCodes.UNAUTHORIZED, run("status"));
        assertTrue(err.toString().contains("unauthorized"), err.toString());
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertEquals(ExitCodes.UNREACHABLE, run("status", "--url", "http://127.0.0.1:" + closed));
        assertTrue(err.toString().contains("no container answers"), err.toString());
        assertEquals(ExitCodes.USAGE, run("bundles", "update", "12"));
    }

    @Test
    void initWritesASampleThatPassesCheckConfig() throws Exception {
        Path dir = state.resolve("config");
        assertEquals(0, run("init", dir.toString()));
        for (String f : InitCommand.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(ExitCodes.FAILED, run("init", dir.toString()), "refuses to overwrite");
        assertEquals(0, run("check-config", dir.toString()), err.toString() + out);
    }
}

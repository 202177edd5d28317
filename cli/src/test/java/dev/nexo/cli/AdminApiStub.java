package dev.nexo.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * A local admin API for the CLI's admin commands, as a JUnit extension: before each test a
 * loopback server for {@code /admin/api/} with the test's handler, and the test's state directory
 * gets a {@code connection.key} and an {@code admin.url} that point the CLI at it, as a running
 * container's would; after the test the server stops. The handler decides the answers (and checks
 * the key with {@link #authorized}); {@link #run} runs the CLI against it. Register it on a field:
 * {@code @RegisterExtension final AdminApiStub api = new AdminApiStub(() -> state, this::handle);}
 */
final class AdminApiStub implements BeforeEachCallback, AfterEachCallback {
    static final String KEY = "nexo_admin_testkey";

    private final Supplier<Path> stateDir;
    private final HttpHandler handler;
    private Path state;
    private HttpServer server;

    /**
     * @param stateDir the test's state directory (its {@code @TempDir}, filled in before each test)
     * @param handler answers every request under {@code /admin/api/}
     */
    AdminApiStub(Supplier<Path> stateDir, HttpHandler handler) {
        this.stateDir = stateDir;
        this.handler = handler;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        state = stateDir.get();
        Files.writeString(state.resolve("connection.key"), KEY + "\n");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/api/", handler);
        server.start();
        Files.writeString(state.resolve("admin.url"), "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop(0);
    }

    /** @return whether the request carries {@link #KEY} as its bearer credential */
    static boolean authorized(HttpExchange ex) {
        return ("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    /** Answers with {@code body}; an empty body is sent as no body at all (as for 204). */
    static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    /** @return the exit code of the CLI run with {@code NEXO_HOME} at the state directory */
    int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = NexoCli.commandLine(Map.of("NEXO_HOME", state.toString())::get);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}

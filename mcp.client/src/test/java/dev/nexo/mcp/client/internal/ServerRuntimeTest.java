package dev.nexo.mcp.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime against a real child process (a small Python MCP server that crashes and hangs on
 * purpose): catalogue, calls, context passthrough, timeouts with cancellation, crash and restart
 * with backoff, list_changed refresh, idle stop and restart, circuit breaker, stop.
 */
class ServerRuntimeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final ListPublisher published = new ListPublisher();
    private ServerRuntime runtime;

    @AfterEach
    void stop() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    private Path script() throws IOException {
        Path p = dir.resolve("fault_server.py");
        try (var in = getClass().getResourceAsStream("/mcp/fault_server.py")) {
            Files.copy(in, p);
        }
        return p;
    }

    private ServerSettings settings(Duration callTimeout, Duration idleStop) throws IOException {
        return settings("faulty", callTimeout, idleStop, true);
    }

    private ServerSettings settings(String name, Duration callTimeout, Duration idleStop, boolean eager) throws IOException {
        Path script = Files.exists(dir.resolve("fault_server.py")) ? dir.resolve("fault_server.py") : script();
        return new ServerSettings(name, true, List.of("python3", "-u", script.toString()),
                Map.of("STARTS_FILE", dir.resolve("starts").toString(), "CANCELLED_FILE", dir.resolve("cancelled").toString()),
                null, null, Map.of(), Set.of("ping"), Duration.ofSeconds(10), callTimeout, Duration.ofSeconds(2), idleStop,
                true, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(2), Set.of(), eager);
    }

    private void start(Duration callTimeout, Duration idleStop) throws IOException {
        runtime = new ServerRuntime(settings(callTimeout, idleStop), ServerRuntime::defaultTransport, published,
                ClientMetrics.none("faulty"), Clock.systemUTC(), "test");
        runtime.start();
        Await.until("the tools to be offered", WAIT, () -> published.tools.size() == 5, () -> published.tools.keySet().toString());
    }

    private static ToolContext ctx() {
        return ToolContext.builder("default", "ana", "corr-1").sessionId("s-1").build();
    }

    private ToolResult call(String tool) {
        return published.tools.get(tool).invoke("{}", ctx()).toCompletableFuture().join();
    }

    private ToolException failure(String tool) {
        Tool t = published.tools.get(tool);
        CompletionException e = assertThrows(CompletionException.class, () -> t.invoke("{}", ctx()).toCompletableFuture().join());
        return assertInstanceOf(ToolException.class, e.getCause());
    }

    private List<String> lines(String file) {
        Path p = dir.resolve(file);
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void toolsAreOfferedAsServerUnderscoreToolWritableUnlessMarkedRead() throws Exception {
        start(Duration.ofSeconds(5), Duration.ZERO);

        assertEquals(Set.of("faulty_ping", "faulty_whoami", "faulty_hang", "faulty_crash", "faulty_grow"), published.tools.keySet());
        assertEquals(Sensitivity.READ, published.tools.get("faulty_ping").descriptor().sensitivity());
        assertEquals(Sensitivity.WRITE, published.tools.get("faulty_crash").descriptor().sensitivity());
        assertTrue(published.targets.get("faulty_ping").startsWith("mcp:faulty:"));
        assertEquals("pong", call("faulty_ping").content());
        assertEquals("agent=ana", call("faulty_whoami").content(), "params._meta carries the calling agent");
        ServerHealth h = runtime.health();
        assertEquals("ready", h.state);
        assertEquals("fault-server", h.server_name);
        assertEquals("closed", h.circuit);
    }

    @Test
    void aHangingCallTimesOutWithATypedErrorAndIsCancelledOnTheServer() throws Exception {
        start(Duration.ofMillis(300), Duration.ZERO);

        ToolException e = failure("faulty_hang");

        assertEquals(ToolErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("faulty") && e.getMessage().contains("300 ms"), e.getMessage());
        Await.until("the server to see notifications/cancelled", WAIT, () -> lines("cancelled").size() == 1);
        assertEquals("pong", call("faulty_ping").content(), "the server still works");
        assertEquals(0, runtime.health().in_flight);
    }

    @Test
    void aCrashedServerLosesItsToolsAndIsRestartedWithBackoff() throws Exception {
        start(Duration.ofSeconds(5), Duration.ZERO);

        ToolException e = failure("faulty_crash");

        assertEquals(ToolErrorCode.UNAVAILABLE, e.code(), e.getMessage());
        Await.until("the tools to be withdrawn", WAIT, () -> published.tools.isEmpty() || lines("starts").size() == 2);
        Await.until("the restart", WAIT, () -> published.tools.size() == 5 && runtime.state() == ServerState.READY);
        assertEquals(2, lines("starts").size(), "a second process was started");
        ServerHealth h = runtime.health();
        assertEquals(1, h.restarts);
        assertEquals("pong", call("faulty_ping").content());
    }

    @Test
    void toolsDisappearWhileTheServerIsDown() throws Exception {
        start(Duration.ofSeconds(5), Duration.ZERO);
        // a server that cannot start again: each restart fails, the tools stay withdrawn
        Files.writeString(dir.resolve("fault_server.py"), "import sys\nsys.exit(1)\n");
        Tool crash = published.tools.get("faulty_crash");

        assertThrows(CompletionException.class, () -> crash.invoke("{}", ctx()).toCompletableFuture().join());

        Await.until("a failed restart", WAIT, () -> runtime.health().restarts >= 2, () -> String.valueOf(runtime.health().restarts));
        assertTrue(published.tools.isEmpty(), published.tools.keySet()::toString);
        assertEquals("restarting", runtime.health().state);
        assertNotNull(runtime.health().last_error);
        ToolException down = assertInstanceOf(ToolException.class, assertThrows(CompletionException.class,
                () -> crash.invoke("{}", ctx()).toCompletableFuture().join()).getCause());
        assertEquals(ToolErrorCode.UNAVAILABLE, down.code(), "a stale reference fails fast and typed");
    }

    @Test
    void listChangedRefreshesTheCatalogueOnce() throws Exception {
        start(Duration.ofSeconds(5), Duration.ZERO);
        Tool ping = published.tools.get("faulty_ping");

        assertEquals("grown", call("faulty_grow").content());

        Await.until("the new tool", WAIT, () -> published.tools.containsKey("faulty_extra"));
        assertEquals(6, published.tools.size());
        assertTrue(ping == published.tools.get("faulty_ping"), "unchanged tools keep their registration");
    }

    @Test
    void anIdleServerIsStoppedKeepsItsToolsAndStartsAgainOnTheNextCall() throws Exception {
        start(Duration.ofSeconds(5), Duration.ofMillis(300));

        Await.until("the idle stop", WAIT, () -> runtime.state() == ServerState.IDLE);
        assertEquals(5, published.tools.size(), "tools stay offered");

        assertEquals("pong", call("faulty_ping").content());
        assertEquals(2, lines("starts").size(), "started again for the call");
    }

    @Test
    void repeatedTimeoutsOpenTheCircuitAndCallsFailFast() throws Exception {
        start(Duration.ofMillis(100), Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            assertEquals(ToolErrorCode.TIMEOUT, failure("faulty_hang").code());
        }
        ToolException open = failure("faulty_ping");

        assertEquals(ToolErrorCode.UNAVAILABLE, open.code());
        assertTrue(open.retryAfter().isPresent() && !open.retryAfter().get().isZero());
        assertEquals("open", runtime.health().circuit);
    }

    @Test
    void stopEndsTheProcessAndWithdrawsTheTools() throws Exception {
        start(Duration.ofSeconds(5), Duration.ZERO);
        long pid = Long.parseLong(lines("starts").get(0).strip());

        runtime.stop();

        assertTrue(published.tools.isEmpty());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the child is gone");
        assertEquals(ServerState.STOPPED, runtime.state());
        runtime = null;
    }

    private ServerRuntime lazy(String name, ListPublisher to) throws IOException {
        ServerRuntime r = new ServerRuntime(settings(name, Duration.ofSeconds(5), Duration.ZERO, false),
                ServerRuntime::defaultTransport, to, ClientMetrics.none(name), Clock.systemUTC(), "test",
                CatalogCache.under(dir.resolve("state"), name));
        r.start();
        return r;
    }

    @Test
    void aLazyServerWithoutACachedListIsStartedOnceToListItsToolsThenStoppedUntilACall() throws Exception {
        runtime = lazy("faulty", published);

        Await.until("the tools listed and the server stopped", WAIT,
                () -> published.tools.size() == 5 && runtime.state() == ServerState.IDLE, () -> runtime.state().toString());
        assertEquals(1, lines("starts").size(), "started once to list the tools");
        Path cached = dir.resolve("state/data/mcp-client/faulty.catalog.json");
        assertTrue(Files.readString(cached).contains("\"whoami\""), "the listing is cached under the state root");
        Await.until("the listing process to exit", WAIT,
                () -> !ProcessHandle.of(Long.parseLong(lines("starts").get(0).strip())).map(ProcessHandle::isAlive).orElse(false));

        var first = published.tools.get("faulty_ping").invoke("{}", ctx()).toCompletableFuture();
        var second = published.tools.get("faulty_whoami").invoke("{}", ctx()).toCompletableFuture();
        assertEquals("pong", first.join().content());
        assertEquals("agent=ana", second.join().content(), "a concurrent first call waits for the same start");
        assertEquals(2, lines("starts").size(), "started again by the calls, once");
        assertEquals(ServerState.READY, runtime.state());
    }

    @Test
    void fiveLazyServersWithCachedListsStartNoneOfThemUntilATooliscalled() throws Exception {
        List<String> names = List.of("s1", "s2", "s3", "s4", "s5");
        List<ServerRuntime> first = new java.util.ArrayList<>();
        ListPublisher discovery = new ListPublisher();
        for (String n : names) {
            first.add(lazy(n, discovery));
        }
        Await.until("five listings", WAIT, () -> discovery.tools.size() == 25
                && first.stream().allMatch(r -> r.state() == ServerState.IDLE));
        first.forEach(ServerRuntime::stop);
        assertEquals(5, lines("starts").size(), "each started once, to list its tools");

        // a container restart: same state root, same configuration
        List<ServerRuntime> second = new java.util.ArrayList<>();
        try {
            for (String n : names) {
                second.add(lazy(n, published));
            }
            Await.until("the cached tools of all five", WAIT, () -> published.tools.size() == 25);
            assertTrue(second.stream().allMatch(r -> r.state() == ServerState.IDLE));
            assertEquals(5, lines("starts").size(), "no server was started");
            assertEquals(Sensitivity.READ, published.tools.get("s3_ping").descriptor().sensitivity(),
                    "sensitivities come from the current settings");

            assertEquals("agent=ana", call("s3_whoami").content());
            assertEquals(6, lines("starts").size(), "the call started exactly its own server");
            assertEquals(ServerState.READY, second.get(2).state());
            assertEquals(ServerState.IDLE, second.get(0).state());
        } finally {
            second.forEach(ServerRuntime::stop);
        }
    }

    @Test
    void anEagerServerIsStartedAtOnceAndItsListIsCachedForTheNextStart() throws Exception {
        runtime = new ServerRuntime(settings(Duration.ofSeconds(5), Duration.ZERO), ServerRuntime::defaultTransport,
                published, ClientMetrics.none("faulty"), Clock.systemUTC(), "test", CatalogCache.under(dir.resolve("state"), "faulty"));
        runtime.start();

        Await.until("ready", WAIT, () -> runtime.state() == ServerState.READY && published.tools.size() == 5);
        assertEquals(1, lines("starts").size());
        assertTrue(CatalogCache.under(dir.resolve("state"), "faulty").read(settings(Duration.ofSeconds(5), Duration.ZERO)
                .targetDigest()).isPresent());
    }
}

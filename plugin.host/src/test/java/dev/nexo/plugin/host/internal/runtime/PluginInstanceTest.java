package dev.nexo.plugin.host.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against the real example Python plugin, in its test modes. */
class PluginInstanceTest {
    static final Path EXAMPLE = Path.of("..", "examples", "plugins", "python-echo");

    @TempDir
    Path tmp;
    FakeContext ctx;
    PluginInstance plugin;

    @AfterEach
    void cleanUp() {
        if (plugin != null) {
            plugin.stop("test over");
        }
        if (ctx != null) {
            ctx.scheduler.shutdownNow();
        }
    }

    static Path copyExample(Path to, String manifestEdit) throws IOException {
        Path dir = Files.createDirectories(to.resolve("pyecho"));
        try (Stream<Path> files = Files.list(EXAMPLE)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        if (manifestEdit != null) {
            Path toml = dir.resolve("plugin.toml");
            Files.writeString(toml, Files.readString(toml) + "\n" + manifestEdit);
        }
        return dir;
    }

    private PluginInstance plugin(String mode, String supervisor) throws Exception {
        Path dir = copyExample(tmp, null);
        if (supervisor != null) {
            Path toml = dir.resolve("plugin.toml");
            Files.writeString(toml, Files.readString(toml).replace("respawn = false", supervisor));
        }
        PluginManifest m = new ManifestParser("0.1.0", false).parse(dir);
        ctx = new FakeContext(tmp.resolve("state"));
        ctx.env.put("PYECHO_MODE", mode);
        // a python start on a loaded 2-core machine can take seconds; only the silent-child test wants it short
        ctx.initTimeout = Duration.ofSeconds(15);
        plugin = new PluginInstance(m, ctx);
        return plugin;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        // generous: the machine running the suite may be busy, and three python starts in a row add up
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void handshakeToolCallAndGracefulStop() throws Exception {
        PluginInstance p = plugin("normal", null);
        p.start();
        await("running", () -> p.state() == PluginState.RUNNING);
        assertEquals(List.of("pyecho_echo", "pyecho_probe"), p.advertisedTools());
        assertEquals(List.of("started"), ctx.lifecycle);
        JsonNode args = JsonNodeFactory.instance.objectNode().put("text", "hola");
        JsonNode result = ctx.rpc.request("tool.invoke", JsonNodeFactory.instance.objectNode()
                .put("plugin_id", "pyecho").put("tool_name", "pyecho_echo").put("agent_id", "ana")
                .set("args", args), Duration.ofSeconds(5)).get();
        assertEquals("hola", result.path("content").get(0).path("text").asText());
        long pid = p.pid().orElseThrow();
        p.stop("test");
        assertEquals(PluginState.STOPPED, p.state());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child gone");
        assertEquals(List.of("pyecho"), ctx.detached);
        assertTrue(p.stderrTail().stream().anyMatch(l -> l.contains("started, mode normal")), p.stderrTail().toString());
    }

    @Test
    void aChildAnsweringWithAnotherIdIsKilledAndNotLoaded() throws Exception {
        PluginInstance p = plugin("wrong-id", null);
        p.start();
        await("failed", () -> p.state() == PluginState.FAILED);
        assertTrue(p.reason().contains("'somebody_else'"), p.reason());
        await("child killed", () -> p.pid().isEmpty());
        assertTrue(ctx.detached.isEmpty(), "never attached");
    }

    @Test
    void aChildThatNeverAnswersIsKilledAfterTheTimeout() throws Exception {
        PluginInstance p = plugin("silent", null);
        ctx.initTimeout = Duration.ofMillis(1500);
        p.start();
        await("failed", () -> p.state() == PluginState.FAILED);
        assertTrue(p.reason().contains("did not answer initialize within 1500 ms"), p.reason());
        await("child killed", () -> p.pid().isEmpty());
    }

    @Test
    void nonJsonOnStdoutTearsTheChildDown() throws Exception {
        PluginInstance p = plugin("garbage", null);
        p.start();
        await("failed", () -> p.state() == PluginState.FAILED);
        assertTrue(p.reason().contains("non-JSON-RPC output on stdout") && p.reason().contains("hello, I am not"),
                p.reason());
        assertEquals("failed", ctx.lifecycle.get(ctx.lifecycle.size() - 1));
    }

    @Test
    void crashWithRespawnBacksOffDoublingThenGivesUp() throws Exception {
        PluginInstance p = plugin("crash", "respawn = true\nmax_attempts = 2\nbackoff_ms = 50");
        p.start();
        await("gave up", () -> p.state() == PluginState.GAVE_UP || p.state() == PluginState.FAILED);
        assertEquals(List.of("crashed", "respawning", "crashed", "respawning", "crashed", "gave_up"), ctx.lifecycle);
        assertEquals(50, ctx.lifecyclePayloads.get(1).path("backoff_ms").asLong());
        assertEquals(100, ctx.lifecyclePayloads.get(3).path("backoff_ms").asLong());
        assertEquals(2, ctx.lifecyclePayloads.get(3).path("attempt").asInt());
        assertEquals(1, ctx.lifecyclePayloads.get(0).path("exit_code").asInt());
        assertTrue(ctx.lifecyclePayloads.get(0).path("stderr_tail").toString().contains("crashing on purpose"));
        assertEquals(1, ctx.lifecyclePayloads.get(5).path("last_exit_code").asInt());
    }

    @Test
    void crashWithoutRespawnStaysCrashedUntilRestarted() throws Exception {
        PluginInstance p = plugin("crash", null);
        p.start();
        await("crashed", () -> p.state() == PluginState.CRASHED);
        Thread.sleep(300);
        assertEquals(List.of("crashed"), ctx.lifecycle, "no respawn");
        ctx.env.put("PYECHO_MODE", "normal");
        p.restart();
        await("running", () -> p.state() == PluginState.RUNNING);
        assertTrue(ctx.lifecycle.contains("restarted_manually"), ctx.lifecycle.toString());
    }

    @Test
    void requireSandboxRefusesWithoutBwrap() throws Exception {
        PluginInstance p = plugin("normal", null);
        ctx.requireSandbox = true;
        p.start();
        assertEquals(PluginState.FAILED, p.state());
        assertTrue(p.reason().contains("bwrap"), p.reason());
    }

    @Test
    void theSandboxBlocksNetworkAndForeignFilesButNotTheStateDir() throws Exception {
        String bwrap = Requirements.onPath("bwrap", System.getenv()).map(Path::toString).orElseThrow(
                () -> new AssertionError("bwrap is not installed: apt-get install -y bubblewrap (.ci/run does)"));
        PluginInstance p = plugin("normal", null);
        ctx.bwrap = java.util.Optional.of(bwrap);
        ctx.env.put("SOME_API_TOKEN", "t0ps3cret");
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "not for plugins");
        p.start();
        await("running", () -> p.state() == PluginState.RUNNING);
        assertTrue(p.sandboxed());
        JsonNode result = ctx.rpc.request("tool.invoke", JsonNodeFactory.instance.objectNode()
                .put("plugin_id", "pyecho").put("tool_name", "pyecho_probe").put("agent_id", "ana")
                .set("args", JsonNodeFactory.instance.objectNode().put("read", outside.toString())),
                Duration.ofSeconds(10)).get();
        JsonNode probe = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(result.path("content").get(0).path("text").asText());
        assertTrue(probe.path("network").asText().startsWith("blocked"), probe.toString());
        assertTrue(probe.path("read").asText().startsWith("denied"), probe.toString());
        assertEquals("writable", probe.path("state_dir").asText(), probe.toString());
        assertEquals(65534, probe.path("uid").asInt());
        assertFalse(probe.path("env_has_secret").asBoolean(), "secret-looking variables are stripped");
        assertEquals("written", Files.readString(ctx.stateDir("pyecho").resolve("probe.txt")));
    }
}

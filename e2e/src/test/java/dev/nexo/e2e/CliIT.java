package dev.nexo.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.nexo.test.support.Poll;

/**
 * The real launcher ({@code bin/nexo <command>}) against a running container: table and
 * {@code --json} output, and the documented exit codes for a down container, a bad key and an
 * unknown bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
        private final Path work = Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath();
    private Path state;
    @AutoClose
    private NexoProcess nexo;

    @BeforeAll
    void start() throws IOException {
        NexoProcess.Launch launch = NexoProcess.launch("cli");
        state = launch.stateRoot();
        nexo = launch.start();
        nexo.awaitHealthy(Duration.ofSeconds(60));
        Poll.until("admin.url in the state root", Duration.ofSeconds(30),
                () -> Files.isRegularFile(state.resolve("admin.url")), ok -> ok);
    }

    @Test
    void statusFindsTheContainerThroughTheStateRoot() throws Exception {
        NexoCli.Result table = nexo("status");
        assertEquals(0, table.exit(), table.output());
        assertTrue(table.output().contains("version:"), table.output());
        NexoCli.Result json = nexo("status", "--json");
        assertEquals(0, json.exit(), json.output());
        JsonNode status = JSON.readTree(json.out());
        assertEquals(state.toRealPath().toString(), Path.of(status.path("stateRoot").asText()).toRealPath().toString());
        assertTrue(status.path("bundles").isObject(), json.output());
    }

    @Test
    void bundlesInstallListAndRemoveTheFixture() throws Exception {
        Path jar = Path.of(System.getProperty("nexo.fixture.v1"));
        NexoCli.Result install = nexo("bundles", "install", jar.toString(), "--json");
        assertEquals(0, install.exit(), install.output());
        assertEquals("dev.nexo.itest.fixture", JSON.readTree(install.out()).path("symbolicName").asText());

        NexoCli.Result list = nexo("bundles", "list", "--json");
        assertEquals(0, list.exit(), list.output());
        assertTrue(StreamSupport.stream(JSON.readTree(list.out()).spliterator(), false)
                .anyMatch(b -> b.path("symbolicName").asText().equals("dev.nexo.itest.fixture")), list.output());
        NexoCli.Result table = nexo("bundles", "list");
        assertTrue(table.output().lines().anyMatch(l -> l.contains("dev.nexo.itest.fixture") && l.contains("ACTIVE")),
                table.output());

        NexoCli.Result remove = nexo("bundles", "remove", "dev.nexo.itest.fixture");
        assertEquals(0, remove.exit(), remove.output());
        NexoCli.Result again = nexo("bundles", "remove", "dev.nexo.itest.fixture");
        assertEquals(5, again.exit(), again.output());
        assertTrue(again.output().contains("no bundle with symbolic name"), again.output());
    }

    @Test
    void badKeyAndDownContainerHaveTheirOwnExitCodes() throws Exception {
        Path other = Files.createDirectories(work.resolve("cli-badkey-" + System.nanoTime()));
        Files.writeString(other.resolve("connection.key"), "nexo_admin_not_the_key");
        Files.copy(state.resolve("admin.url"), other.resolve("admin.url"));
        NexoCli.Result bad = NexoCli.run(Map.of("NEXO_HOME", other.toString()), "status");
        assertEquals(4, bad.exit(), bad.output());
        assertTrue(bad.output().contains("unauthorized"), bad.output());

        Files.writeString(other.resolve("admin.url"), "http://127.0.0.1:" + freePort());
        NexoCli.Result down = NexoCli.run(Map.of("NEXO_HOME", other.toString()), "bundles", "list");
        assertEquals(3, down.exit(), down.output());
        assertTrue(down.output().contains("no container answers"), down.output());
    }

    private NexoCli.Result nexo(String... args) throws IOException, InterruptedException {
        return NexoCli.run(state, args);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void trustDlqAndBrokerCommandsAnswerInTablesAndJson() throws Exception {
        NexoCli.Result verify = nexo("audit", "--verify");
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(verify.output().contains("audit chain intact"), verify.output());
        for (String[] cmd : new String[][] {{"grants", "--json"}, {"approvals", "--json"}, {"dlq", "list", "--json"},
            {"audit", "--json"}}) {
            NexoCli.Result r = nexo(cmd);
            assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.output());
            assertTrue(JSON.readTree(r.out()).isArray(), String.join(" ", cmd) + ": " + r.out());
        }
        NexoCli.Result approve = nexo("approve", "no-such-approval");
        assertEquals(5, approve.exit(), approve.output());
        NexoCli.Result deny = nexo("deny", "no-such-approval", "--json");
        assertEquals(5, deny.exit(), deny.output());
        NexoCli.Result setBroker = nexo("set-broker", "nats", "--nats-url", "nats://127.0.0.1:1");
        assertEquals(1, setBroker.exit(), setBroker.output());
        assertTrue(setBroker.output().contains("without a config dir"), setBroker.output());
        NexoCli.Result bad = nexo("set-broker", "kafka");
        assertEquals(64, bad.exit(), bad.output());
    }

    @Test
    void agentsChannelsAndPluginsAnswerInJsonAndAPluginInstallsFromADirectory() throws Exception {
        for (String[] cmd : new String[][] {{"agents", "--json"}, {"channels", "--json"}, {"plugin", "list", "--json"}}) {
            NexoCli.Result r = nexo(cmd);
            assertEquals(0, r.exit(), String.join(" ", cmd) + ": " + r.output());
            assertTrue(JSON.readTree(r.out()).isArray(), String.join(" ", cmd) + ": " + r.out());
        }
        Path example = Path.of(System.getProperty("nexo.dist.home")).resolve("../../../examples/plugins/python-echo")
                .normalize();
        NexoCli.Result install = nexo("plugin", "install", example.toString(), "--json");
        assertEquals(0, install.exit(), install.output());
        assertEquals("pyecho", JSON.readTree(install.out()).path("id").asText(), install.out());
        assertTrue(install.err().contains("uploading"), "progress is shown: " + install.err());
        Poll.until("pyecho to run", java.time.Duration.ofSeconds(60), () -> {
            try {
                return JSON.readTree(nexo("plugin", "list", "--json").out());
            } catch (Exception e) {
                return JSON.createArrayNode();
            }
        }, list -> StreamSupport.stream(list.spliterator(), false)
                .anyMatch(p -> p.path("id").asText().equals("pyecho") && p.path("state").asText().equals("running")));
        NexoCli.Result remove = nexo("plugin", "remove", "pyecho");
        assertEquals(0, remove.exit(), remove.output());
        NexoCli.Result gone = nexo("plugin", "restart", "pyecho");
        assertEquals(5, gone.exit(), gone.output());
    }

    @Test
    void initWritesASampleThatCheckConfigAccepts() throws Exception {
        Path dir = state.getParent().resolve("sample-config");
        NexoCli.Result init = nexo("init", dir.toString());
        assertEquals(0, init.exit(), init.output());
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("agents.yaml")), init.output());
        assertEquals(1, nexo("init", dir.toString()).exit(), "refuses to overwrite");
        NexoCli.Result check = nexo("check-config", dir.toString());
        assertEquals(0, check.exit(), check.output());
    }
}

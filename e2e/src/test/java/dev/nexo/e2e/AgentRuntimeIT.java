package dev.nexo.e2e;

import static dev.nexo.e2e.NexoProcess.BOOT;
import static dev.nexo.e2e.NexoProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * The built distribution with an agent configured: the agent runtime runs on the distribution's
 * broker and its admin API lists the configured agent; the agent fixture (stub LLM, tools) comes
 * and goes through the deploy dir without disturbing it.
 * (Kept in this package because the process and HTTP helpers are package-private.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentRuntimeIT {
    @AutoClose
    private NexoProcess nexo;
    private Http admin;

    @BeforeAll
    void start() throws IOException {
        nexo = NexoProcess.launch("agents").config("agents.yaml", "agents:\n  - id: ana\n    model: { provider: stub, model: m }\n"
                + "    inbound_bindings:\n      - plugin: fixture\n        instance: one\n"
                + "        allowed_tools: [fixture_weather]\n").start();
        nexo.awaitReady(BOOT);
        admin = nexo.admin(WAIT);
    }

    @Test
    void theRuntimeFollowsItsBrokerAndListsTheConfiguredAgent() throws IOException {
        Poll.until("GET /admin/api/runtime/agents to list ana before any provider exists", WAIT,
                () -> admin.get("/admin/api/runtime/agents"), r -> r.status() == 200 && r.json().size() == 1);

        Path deploy = Poll.until("the deploy dir", WAIT, nexo::deployDir, Files::isDirectory);
        Path jar = deploy.resolve("agentfixture.jar");
        Path staging = Files.copy(Path.of(System.getProperty("nexo.agentfixture")),
                deploy.resolveSibling("agentfixture.jar.part"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);

        Reply agents = Poll.until("GET /admin/api/runtime/agents to list ana", WAIT, () -> admin.get("/admin/api/runtime/agents"),
                r -> r.status() == 200 && r.json().size() == 1);
        JsonNode ana = agents.json().get(0);
        assertEquals("ana", ana.path("id").asText(), agents::toString);
        assertEquals("stub", ana.path("provider").asText(), agents::toString);
        assertEquals("fixture:one", ana.path("bindings").get(0).asText(), agents::toString);
        assertEquals(200, admin.get("/admin/api/runtime/agents/usage").status());
        assertEquals(404, admin.get("/admin/api/runtime/agents/nobody/sessions").status());
        assertEquals(401, nexo.http().get("/admin/api/runtime/agents").status(), "the key is required");

        Files.delete(jar);
        Poll.until("the fixture's tools to go while the runtime stays", WAIT, () -> admin.get("/admin/api/runtime/agents"),
                r -> r.status() == 200 && r.json().size() == 1);
        nexo.assertAlive();
    }
}

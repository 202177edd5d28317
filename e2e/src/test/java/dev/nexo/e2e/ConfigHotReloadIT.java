package dev.nexo.e2e;

import static dev.nexo.e2e.NexoProcess.BOOT;
import static dev.nexo.e2e.NexoProcess.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.test.support.Poll;
import dev.nexo.test.support.http.Reply;

/**
 * Config hot reload in the real container: a valid edit applies, an invalid edit is refused with
 * its file and line while the previous config stays in force, and fixing it applies again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigHotReloadIT {
    @AutoClose
    private NexoProcess nexo;
    private Path configDir;
    private Http admin;

    @BeforeAll
    void start() throws IOException {
        NexoProcess.Launch launch = NexoProcess.launch("reload")
                .config("llm.yaml", "providers:\n  openai:\n    api_key: ${NEXO_E2E_KEY:-none}\n");
        configDir = launch.configDir();
        writeAgents("m1");
        nexo = launch.start();
        nexo.awaitReady(BOOT);
        admin = nexo.admin(WAIT);
    }

    @Test
    void invalidEditKeepsThePreviousConfigAndAFixAppliesAgain() throws IOException {
        JsonNode first = awaitConfig(s -> s.path("ok").asBoolean() && "m1".equals(model(s)));
        long generation = first.path("generation").asLong();

        // a typo'd field: refused with file and line, the running config stays as it was
        replace("agents.yaml", "agents:\n  - id: ana\n    model:\n      provider: openai\n      modl: m2\n");
        JsonNode broken = awaitConfig(s -> !s.path("ok").asBoolean());
        JsonNode error = broken.path("errors").get(0);
        assertEquals("agents.yaml", error.path("file").asText(), broken::toPrettyString);
        assertEquals(5, error.path("line").asInt(), broken::toPrettyString);
        assertTrue(error.path("message").asText().contains("modl"), broken::toPrettyString);
        assertEquals("m1", model(broken), "the previous config stays in force");
        assertEquals(generation, broken.path("generation").asLong(), "nothing was applied");

        // fixed: applies, as a new generation
        writeAgents("m3");
        JsonNode fixed = awaitConfig(s -> s.path("ok").asBoolean() && "m3".equals(model(s)));
        assertTrue(fixed.path("generation").asLong() > generation, fixed::toPrettyString);
    }

    @Test
    void placeholderSecretsAreMaskedInTheApi() {
        JsonNode status = awaitConfig(s -> s.path("ok").asBoolean());
        String body = status.toString();
        assertFalse(body.contains("\"none\""), "a placeholder-derived value must not be shown: " + body);
        assertTrue(body.contains("********"), body);
    }

    private JsonNode awaitConfig(java.util.function.Predicate<JsonNode> done) {
        return Poll.until("GET /admin/api/config to reach the expected state", WAIT, () -> {
            nexo.assertAlive();
            Reply r = admin.get("/admin/api/config");
            assertEquals(200, r.status(), r::toString);
            return r.json();
        }, done);
    }

    private static String model(JsonNode status) {
        return status.path("config").path("agents").path(0).path("model").path("model").asText();
    }

    private void writeAgents(String model) throws IOException {
        replace("agents.yaml", "agents:\n  - id: ana\n    model:\n      provider: openai\n      model: " + model + "\n");
    }

    /** Atomic replace, as editors and config management tools do. */
    private void replace(String name, String content) throws IOException {
        Path tmp = Files.writeString(configDir.resolve("." + name + ".tmp"), content);
        Files.move(tmp, configDir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

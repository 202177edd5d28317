package dev.nexo.e2e.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.nexo.test.support.http.Reply;

/**
 * A plugin-contributed LLM provider end to end: the example Python plugin, found through
 * {@code plugins/discovery.yaml}'s {@code search_paths}, declares {@code llm_providers =
 * ["pyecho_llm"]}; an agent whose {@code model.provider} is {@code pyecho_llm} answers a message on
 * the plugin's channel through {@code llm.chat} — there is no other LLM in this container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginLlmProviderIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(45);

    @AutoClose
    private NexoProcess nexo;
    private Path state;
    private Http admin;

    @BeforeAll
    void start() throws IOException {
        Path examples = Path.of(System.getProperty("nexo.dist.home")).resolve("../../../examples/plugins").normalize();
        NexoProcess.Launch launch = NexoProcess.launch("plugin-llm").config("agents.yaml", "agents:\n"
                + "  - id: llmana\n    model: {provider: pyecho_llm, model: echo-1}\n    inbound_bindings:\n"
                + "      - plugin: pyecho\n        instance: default\n")
                .config("plugins/discovery.yaml", "discovery:\n  search_paths: [" + examples + "]\n"
                        + "  allowlist: [pyecho]\n");
        state = launch.stateRoot();
        nexo = launch.start();
        nexo.awaitHealthy(BOOT);
        admin = nexo.admin(WAIT);
        Poll.until("pyecho to run", WAIT, () -> state("pyecho"), "running"::equals);
    }

    private String state(String id) {
        Reply r = admin.get("/admin/api/plugins/" + id);
        return r.status() == 200 ? r.json().path("state").asText() : "";
    }

    @Test
    void anAgentWhoseProviderIsThePluginsAnswersThroughLlmChat() throws Exception {
        PluginSide.drop(state, "pyecho", "erin", "what is two and two?");
        List<JsonNode> sent = Poll.until("the reply to erin", WAIT, () -> PluginSide.sent(state, "pyecho", "erin"),
                s -> !s.isEmpty());
        assertEquals("pyecho llm: what is two and two?", sent.get(0).path("body").asText(), sent.toString());
        assertEquals("skipped", state("nodeecho"), "discovery.allowlist keeps other plugins found on the path off");
    }
}

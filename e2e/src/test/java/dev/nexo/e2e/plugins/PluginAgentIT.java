package dev.nexo.e2e.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.e2e.Http;
import dev.nexo.e2e.NexoCli;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.e2e.StubLlm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.nexo.test.support.http.Reply;

/**
 * The example Python and Node plugins, installed with {@code bin/nexo plugin install <dir>} into
 * the built distribution, end to end with a stub LLM: a message on the plugin's channel reaches the
 * bound agent and the reply comes back through {@code channel.send_outbound}; an agent calls a
 * plugin tool — a {@code write} tool after a human approves it once, and a tool the operator marked
 * {@code read} in {@code plugins/discovery.yaml}, whose standing grant lets later calls through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginAgentIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final Path EXAMPLES = Path.of(System.getProperty("nexo.dist.home")).resolve("../../../examples/plugins")
            .normalize();

    @AutoClose
    private StubLlm llm;
    @AutoClose
    private NexoProcess nexo;
    private Path state;
    private String key;
    private Http admin;

    @BeforeAll
    void start() throws Exception {
        llm = new StubLlm();
        NexoProcess.Launch launch = NexoProcess.launch("plugin-agents").config("llm.yaml", llm.llmYaml())
                .config("agents.yaml", "agents:\n"
                        + "  - id: pyana\n    model: {provider: stub, model: m1}\n    inbound_bindings:\n"
                        + "      - plugin: pyecho\n        instance: default\n        allowed_tools: [ext_pyecho_echo]\n"
                        + "  - id: nodeana\n    model: {provider: stub, model: m1}\n    inbound_bindings:\n"
                        + "      - plugin: nodeecho\n        instance: default\n        allowed_tools: [ext_nodeecho_upper]\n")
                .config("plugins/discovery.yaml", "host:\n  read_tools: [ext_nodeecho_*]\n");
        state = launch.stateRoot();
        nexo = launch.start();
        nexo.awaitHealthy(BOOT);
        key = nexo.awaitKey(WAIT);
        admin = nexo.http().withKey(key);
        Poll.until("admin.url in the state root", WAIT, () -> Files.isRegularFile(state.resolve("admin.url")), ok -> ok);
        for (String dir : List.of("python-echo", "node-echo")) {
            String[] r = cli("plugin", "install", EXAMPLES.resolve(dir).toString(), "--json");
            assertEquals("0", r[0], "install " + dir + ": " + r[1] + r[2]);
        }
        for (String id : List.of("pyecho", "nodeecho")) {
            Poll.until(id + " to run", WAIT, () -> plugin(id).path("state").asText(), "running"::equals);
        }
    }

    private JsonNode plugin(String id) {
        Reply r = admin.get("/admin/api/plugins/" + id);
        return r.status() == 200 ? r.json() : PluginSide.JSON.createObjectNode();
    }

    /** @return exit code, stdout, stderr of {@code bin/nexo args} against this container */
    private String[] cli(String... args) throws IOException, InterruptedException {
        NexoCli.Result r = NexoCli.run(state, args);
        return new String[] {String.valueOf(r.exit()), r.out(), r.err()};
    }

    private List<JsonNode> llmRequestsMentioning(String text) {
        return llm.requests().stream().filter(r -> r.toString().contains(text)).toList();
    }

    private void channelRoundTrip(String pluginId, String chat) throws Exception {
        String text = "hello from " + chat;
        PluginSide.drop(state, pluginId, chat, text);
        List<JsonNode> sent = Poll.until(pluginId + " to be asked to send the reply to " + chat, WAIT,
                () -> PluginSide.sent(state, pluginId, chat), s -> !s.isEmpty());
        assertEquals("stub says: " + text, sent.get(0).path("body").asText(), sent.toString());
        assertEquals(pluginId, sent.get(0).path("kind").asText(), "send_outbound names the channel kind");
        // an echo loop would feed the reply back in as a new message: give it every chance to show
        Thread.sleep(1500);
        assertEquals(1, PluginSide.sent(state, pluginId, chat).size(), "exactly one reply");
        assertEquals(1, llmRequestsMentioning(text).size(), "the LLM saw the message once, and no echo of its reply");
        assertTrue(llmRequestsMentioning("stub says: " + text).isEmpty(), "the reply never came back as input");
    }

    @Test
    void aPythonPluginChannelMessageReachesTheBoundAgentAndTheReplyComesBackThroughSendOutbound() throws Exception {
        channelRoundTrip("pyecho", "alice");
    }

    @Test
    void aNodePluginChannelMessageReachesTheBoundAgentAndTheReplyComesBackThroughSendOutbound() throws Exception {
        channelRoundTrip("nodeecho", "dora");
    }

    /** Approves the pending call of {@code tool} (checking its sensitivity) with {@code window}. */
    private void approve(String tool, String sensitivity, String window) {
        JsonNode pending = Poll.until("an approval for " + tool, WAIT, () -> admin.get("/admin/api/approvals").json(),
                list -> StreamSupport.stream(list.spliterator(), false)
                        .anyMatch(a -> a.path("capability").asText().endsWith(tool)));
        JsonNode a = StreamSupport.stream(pending.spliterator(), false)
                .filter(x -> x.path("capability").asText().endsWith(tool)).findFirst().orElseThrow();
        assertEquals(sensitivity, a.path("sensitivity").asText(), a.toString());
        assertEquals(200, PluginSide.post(nexo.port(), key, "/admin/api/approvals/" + a.path("id").asText() + "/approve",
                "{\"window\":\"" + window + "\"}"));
    }

    private void assertToolResultReachedTheLlm(String tool, String result) {
        boolean seen = llm.requests().stream().anyMatch(r -> StreamSupport.stream(r.path("messages").spliterator(), false)
                .anyMatch(m -> m.path("role").asText().equals("tool") && m.path("content").asText().equals(result)));
        assertTrue(seen, "a tool message with " + tool + "'s result was sent to the LLM: " + llm.requests());
    }

    @Test
    void aPythonPluginWriteToolPendsForAHumanThenItsResultReachesTheLlmAndTheChannel() throws Exception {
        PluginSide.drop(state, "pyecho", "bob", "/tool ext_pyecho_echo {\"text\":\"ping from bob\"}");
        approve("ext_pyecho_echo", "write", "once");
        List<JsonNode> sent = Poll.until("the reply to bob", WAIT, () -> PluginSide.sent(state, "pyecho", "bob"),
                s -> !s.isEmpty());
        assertEquals("stub says: tool ext_pyecho_echo returned: ping from bob", sent.get(0).path("body").asText());
        assertToolResultReachedTheLlm("ext_pyecho_echo", "ping from bob");
    }

    @Test
    void aNodePluginToolTheOperatorMarkedReadCanBeGrantedStandingSoLaterCallsNeedNoApproval() throws Exception {
        PluginSide.drop(state, "nodeecho", "carol", "/tool ext_nodeecho_upper {\"text\":\"first\"}");
        approve("ext_nodeecho_upper", "read", "until-revoked");
        Poll.until("the first reply to carol", WAIT, () -> PluginSide.sent(state, "nodeecho", "carol"), s -> s.size() == 1);
        assertEquals("stub says: tool ext_nodeecho_upper returned: FIRST",
                PluginSide.sent(state, "nodeecho", "carol").get(0).path("body").asText());
        assertToolResultReachedTheLlm("ext_nodeecho_upper", "FIRST");

        // nobody approves this one: only the standing read grant can let it through
        PluginSide.drop(state, "nodeecho", "carol", "/tool ext_nodeecho_upper {\"text\":\"second\"}");
        List<JsonNode> sent = Poll.until("the second reply to carol", WAIT, () -> PluginSide.sent(state, "nodeecho", "carol"),
                s -> s.size() == 2);
        assertEquals("stub says: tool ext_nodeecho_upper returned: SECOND", sent.get(1).path("body").asText());
    }
}

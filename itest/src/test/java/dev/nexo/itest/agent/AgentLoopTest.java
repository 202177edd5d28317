package dev.nexo.itest.agent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;
import dev.nexo.api.event.TopicPattern;
import dev.nexo.itest.AdminClient;
import dev.nexo.itest.NexoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import dev.nexo.itest.InFramework;
import dev.nexo.test.support.http.Reply;

/**
 * The channel → agent → LLM (with tools) → channel loop in the running container: the
 * distribution's bundles plus the agent fixture (in-memory broker, rule-based stub LLM, tools and a
 * hook), agents from a real config dir, and inbound events published the way the channel gateway
 * publishes them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentLoopTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANA = "agents:\n"
            + "  - id: ana\n"
            + "    model: { provider: stub, model: stub-1 }\n"
            + "    system_prompt: You are Ana.\n"
            + "    inbound_bindings:\n"
            + "      - plugin: fixture\n"
            + "        instance: one\n"
            + "        allowed_tools: [fixture_weather]\n"
            + "        outbound_allowlist:\n"
            + "          fixture: [ping, tool, deny, block, slow]\n";
    private static final String REX = "agents:\n"
            + "  - id: rex\n"
            + "    model: { provider: stub, model: stub-1 }\n"
            + "    inbound_bindings:\n"
            + "      - plugin: fixture\n"
            + "        instance: two\n"
            + "        allowed_tools: [%s]\n";

    @Inject
    private Broker broker;
    @Inject
    private AgentOutbound agentOutbound;

    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    @Configuration
    public Option[] config() throws IOException {
        Path dir = Files.createTempDirectory("nexo-agent-config-");
        Files.writeString(dir.resolve("agents.yaml"), ANA);
        Files.createDirectories(dir.resolve("agents.d"));
        Files.writeString(dir.resolve("agents.d/rex.yaml"), String.format(REX, "fixture_weather"));
        Option[] dist = NexoOptions.distribution(Map.of("nexo.config.dir", dir.toString()));
        Option[] all = java.util.Arrays.copyOf(dist, dist.length + 1);
        all[dist.length] = bundle(Path.of(System.getProperty("nexo.agentfixture")).toUri().toString());
        return all;
    }

    /**
     * The trust bundle is in the distribution: a tool without a grant pends for a human. Approve
     * the fixture's read tools as an operator would, with a standing window.
     */
    private boolean approvePending() {
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        Reply pending = admin.get("/admin/api/approvals");
        if (pending.status() == 200) {
            for (JsonNode a : pending.json()) {
                if (a.path("capability").asText().startsWith("tool.fixture_")) {
                    admin.post("/admin/api/approvals/" + a.path("id").asText() + "/approve", "{\"window\":\"until-revoked\"}");
                }
            }
        }
        return true;
    }

    @Before
    public void listen() {
        broker.subscribe("plugin.outbound.>", events::add);
        broker.subscribe("agent.events.>", events::add);
        broker.subscribe("fixture.tool.>", events::add);
        // the agents are configured once the config loader has applied the dir: a reply proves it
        String probe = "ping " + Ids.newId();
        await("ana to answer", () -> {
            send("one", "ping", probe);
            return replies("ping").stream().anyMatch(t -> t.startsWith("echo: " + probe));
        });
    }

    @Test
    public void aToolCallRunsAndExactlyOneReplyGoesToTheBindingsTopic() throws Exception {
        send("one", "tool", "#tool fixture_weather");

        await("the reply", () -> approvePending() && !replies("tool").isEmpty());
        List<Event> out = on("plugin.outbound.>").stream().filter(e -> chat(e).equals("tool")).toList();
        assertEquals(1, out.size());
        assertEquals("plugin.outbound.fixture.one", out.get(0).topic());
        assertEquals("tool said: sunny", JSON.readTree(out.get(0).payload()).path("text").asText());
        JsonNode meta = JSON.readTree(on("fixture.tool.fixture_weather").get(0).payload());
        assertEquals("ana", meta.path("agent_id").asText());
        assertEquals("fixture:one", meta.path("binding").asText());
        assertFalse(meta.path("session_id").asText().isEmpty());
    }

    @Test
    public void aDisallowedToolIsRefusedAndNeverRuns() {
        send("one", "deny", "#tool fixture_secret");

        await("the reply", () -> !replies("deny").isEmpty());
        assertTrue(replies("deny").get(0), replies("deny").get(0).contains("not_allowed"));
        assertTrue(on("fixture.tool.fixture_secret").isEmpty());
    }

    @Test
    public void aReplyToARecipientOutsideTheAllowlistIsRefused() {
        send("one", "stranger", "hello");

        await("the refusal", () -> on("agent.events.ana").stream()
                .anyMatch(e -> e.payload().contains("outbound_not_allowed")));
        assertTrue(replies("stranger").isEmpty());
    }

    @Test
    public void aBlockingHookStopsTheReply() {
        send("one", "block", "#block buy now");
        send("one", "block", "after the block");

        // turns of one session run in order: once the second is answered, the first is decided
        await("the second reply", () -> !replies("block").isEmpty());
        assertEquals(1, replies("block").size());
        assertTrue(replies("block").get(0).startsWith("echo: after the block"));
    }

    @Test
    public void aTenSecondHookDoesNotDelayTheReplyPastItsTimeout() {
        long start = System.nanoTime();
        send("one", "slow", "#slow hello");

        await("the reply", () -> !replies("slow").isEmpty());
        long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue("reply after " + ms + " ms; the hook timeout is 5000 ms", ms < 9_000);
    }

    @Test
    public void aChangedAllowlistOnDiskAppliesToTheNextMessage() throws IOException {
        send("two", "r1", "tools?");
        await("rex's first reply", () -> !replies("r1").isEmpty());
        assertTrue(replies("r1").get(0), replies("r1").get(0).endsWith("[tools: fixture_weather]"));

        Path dir = Path.of(context.getProperty("nexo.config.dir"));
        Files.writeString(dir.resolve("agents.d/rex.yaml"), String.format(REX, "fixture_weather, fixture_secret"));

        await("rex to see the new allowlist", () -> {
            send("two", "r2", "tools?");
            return replies("r2").stream().anyMatch(t -> t.endsWith("[tools: fixture_secret,fixture_weather]"));
        });
    }

    @Test
    public void sessionsArePersistedUnderTheStateRoot() {
        Path sessions = Path.of(context.getProperty("nexo.state.root"), "data", "sessions");
        await("a session file", () -> {
            try (Stream<Path> files = Files.exists(sessions) ? Files.list(sessions) : Stream.empty()) {
                return files.anyMatch(p -> p.toString().endsWith(".json"));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void send(String instance, String chat, String text) {
        String payload = JSON.createObjectNode()
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("channel", JSON.createObjectNode()
                        .put("kind", "fixture").put("instance", instance))
                .put("msg_id", Ids.newId()).put("from", chat).put("chat", chat).put("chat_type", "private")
                .put("is_group", false).put("text", text).put("timestamp", Instant.now().toString())
                .put("received_at", Instant.now().toString()).toString();
        broker.publish(Event.of("plugin.inbound.fixture." + instance, "channel.fixture." + instance, payload));
    }

    private List<Event> on(String pattern) {
        TopicPattern p = TopicPattern.compile(pattern);
        return events.stream().filter(e -> p.matches(e.topic())).toList();
    }

    private List<String> replies(String chat) {
        return on("plugin.outbound.>").stream().filter(e -> chat(e).equals(chat)).map(e -> field(e, "text")).toList();
    }

    private static String chat(Event e) {
        return field(e, "to");
    }

    private static String field(Event e, String name) {
        try {
            return JSON.readTree(e.payload()).path(name).asText();
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

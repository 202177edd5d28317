package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.event.Event;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.Role;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.core.internal.agent.Fixtures.EchoTool;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import dev.nexo.core.internal.message.MessageJson;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The channel → agent → LLM (with tools) → channel loop, on an in-memory broker and a scripted LLM. */
class AgentEngineTest {
    private static final String TELEGRAM_BOT1 = "[{\"plugin\":\"telegram\",\"instance\":\"bot1\","
            + "\"allowed_tools\":[\"weather\"]}]";

    private final TestBroker broker = new TestBroker();
    private final StubLlm llm = new StubLlm("stub");
    private final EchoTool weather = new EchoTool("weather", "sunny-result");
    private final EchoTool memory = new EchoTool("memory_store", "stored");
    private final MessageJson json = new MessageJson();
    private AgentEngine engine;

    @BeforeEach
    void start() {
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(),
                EngineSettings.DEFAULTS.withHookTimeout(Duration.ofMillis(200)));
        engine.addProvider("stub", llm);
        engine.addTool(weather);
        engine.addTool(memory);
        engine.start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private AgentInstance bind(String id, String bindings) {
        AgentInstance a = Fixtures.agent(agentProps(id, bindings));
        engine.addAgent(a);
        return a;
    }

    private void send(String kind, String instance, String chat, String text) {
        broker.publish(inboundEvent(message(kind, instance, chat, text)));
    }

    private List<Event> outbound() {
        return broker.on("plugin.outbound.>");
    }

    private long turns(String agent) {
        var u = engine.usage().snapshot().get(agent);
        return u == null ? 0 : u.turns;
    }

    private static List<String> toolNames(ChatRequest r) {
        return r.tools().stream().map(ToolSpec::name).toList();
    }

    @Test
    void toolCallThenAnswerGivesExactlyOneOutboundOnTheBindingsTopic() {
        bind("ana", TELEGRAM_BOT1);
        llm.thenCallTool("weather", "{\"city\":\"Lima\"}").thenAnswer("Sunny in Lima");

        send("telegram", "bot1", "42", "weather in Lima?");

        await(() -> turns("ana") == 1);
        assertEquals(1, outbound().size());
        Event out = outbound().get(0);
        assertEquals("plugin.outbound.telegram.bot1", out.topic());
        OutboundMessage m = json.outbound(out.payload());
        assertEquals("Sunny in Lima", m.text());
        assertEquals("42", m.recipient());
        assertEquals(List.of("{\"city\":\"Lima\"}"), weather.calls);
        assertEquals(List.of("weather"), toolNames(llm.requests.get(0)), "only allowed tools are offered");
        ChatMessage toolMessage = llm.requests.get(1).messages().get(llm.requests.get(1).messages().size() - 1);
        assertEquals(Role.TOOL, toolMessage.role());
        assertEquals("sunny-result", toolMessage.content());
        ToolContext meta = weather.contexts.get(0);
        assertEquals("ana", meta.agentId());
        assertTrue(meta.sessionId().isPresent());
        assertEquals("telegram:bot1", meta.binding().orElseThrow().bindingId());
        assertEquals("42", meta.inbound().orElseThrow().senderId().orElseThrow());
        assertEquals(2, engine.usage().snapshot().get("ana").llmCalls);
        assertEquals(20, engine.usage().snapshot().get("ana").promptTokens);
    }

    @Test
    void aDisallowedToolIsRefusedAndNeverRuns() {
        bind("ana", TELEGRAM_BOT1);
        llm.thenCallTool("memory_store", "{\"city\":\"x\"}").thenAnswer("done");

        send("telegram", "bot1", "42", "remember this");

        await(() -> turns("ana") == 1);
        assertTrue(memory.calls.isEmpty());
        String toolResult = last(llm.requests.get(1)).content();
        assertTrue(toolResult.contains("\"code\":\"not_allowed\""), toolResult);
        assertEquals(1, outbound().size());
    }

    @Test
    void invalidArgumentsAreRefusedBeforeTheTool() {
        bind("ana", TELEGRAM_BOT1);
        llm.thenCallTool("weather", "{\"town\":1}").thenAnswer("sorry");

        send("telegram", "bot1", "42", "weather?");

        await(() -> turns("ana") == 1);
        assertTrue(weather.calls.isEmpty());
        assertTrue(last(llm.requests.get(1)).content().contains("invalid_arguments"));
    }

    @Test
    void aReplyToARecipientOutsideTheAllowlistIsRefused() {
        bind("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\",\"outbound_allowlist\":{\"telegram\":[\"7\"]}}]");
        llm.thenAnswer("hello");

        send("telegram", "bot1", "42", "hi");

        await(() -> !broker.on("agent.events.ana").isEmpty());
        assertTrue(outbound().isEmpty());
        assertTrue(broker.on("agent.events.ana").get(0).payload().contains("outbound_not_allowed"));
    }

    @Test
    void aBlockingHookStopsTheReplyAndTheLlmCall() {
        bind("ana", TELEGRAM_BOT1);
        engine.addHook(ctx -> CompletableFuture.completedFuture(HookOutcome.block("spam", false)),
                List.of(HookPoint.BEFORE_MESSAGE), 0, "blocker");

        send("telegram", "bot1", "42", "buy now");

        await(() -> turns("ana") == 1);
        assertTrue(outbound().isEmpty());
        assertTrue(llm.requests.isEmpty());
    }

    @Test
    void aHookThatNeverAnswersDoesNotHoldTheReplyPastItsTimeout() {
        bind("ana", TELEGRAM_BOT1);
        CompletableFuture<HookOutcome> slow = new CompletableFuture<>();
        engine.addHook(ctx -> slow, List.of(HookPoint.BEFORE_MESSAGE), 0, "sleeper");
        llm.thenAnswer("still here");

        send("telegram", "bot1", "42", "hi");

        await(() -> outbound().size() == 1);
        assertFalse(slow.isDone(), "the reply went out while the hook was still running");
        assertEquals("still here", json.outbound(outbound().get(0).payload()).text());
    }

    @Test
    void aTransformingHookChangesWhatTheLlmSees() {
        bind("ana", TELEGRAM_BOT1);
        engine.addHook(ctx -> CompletableFuture.completedFuture(HookOutcome.transform("[redacted]", "pii")),
                List.of(HookPoint.BEFORE_MESSAGE), 0, "redactor");

        send("telegram", "bot1", "42", "my card is 4111");

        await(() -> turns("ana") == 1);
        assertEquals("[redacted]", last(llm.requests.get(0)).content());
    }

    @Test
    void anAgentWithoutAMatchingBindingReceivesNothing() {
        bind("nobody", "[]");
        bind("bare", "[{\"plugin\":\"telegram\"}]");

        send("telegram", "admin", "42", "hi");
        send("whatsapp", "personal", "42", "hi");

        assertTrue(llm.requests.isEmpty());
        assertEquals(0, engine.activeTurns());
        assertTrue(outbound().isEmpty());
    }

    @Test
    void messagesWithoutTextOrMediaNeverReachTheLlm() {
        bind("ana", TELEGRAM_BOT1);

        send("telegram", "bot1", "42", "   ");

        assertEquals(1, engine.droppedWithoutContent());
        assertTrue(llm.requests.isEmpty());
    }

    @Test
    void aChangedAllowlistAppliesFromTheNextMessage() {
        AgentInstance ana = bind("ana", TELEGRAM_BOT1);
        send("telegram", "bot1", "42", "one");
        await(() -> turns("ana") == 1);
        assertEquals(List.of("weather"), toolNames(llm.requests.get(0)));

        ana.modified(agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\","
                + "\"allowed_tools\":[\"weather\",\"memory_*\"]}]"));
        send("telegram", "bot1", "42", "two");
        await(() -> turns("ana") == 2);

        assertEquals(List.of("memory_store", "weather"), toolNames(llm.requests.get(1)));
    }

    @Test
    void aTurnInFlightFinishesOnTheConfigItStartedWith() {
        AgentInstance ana = bind("ana", TELEGRAM_BOT1);
        CompletableFuture<Void> gate = new CompletableFuture<>();
        engine.removeTool(weather);
        engine.addTool(new EchoTool("weather", "late") {
            @Override
            public java.util.concurrent.CompletionStage<dev.nexo.api.tool.ToolResult> invoke(String a, ToolContext c) {
                return gate.thenCompose(v -> super.invoke(a, c));
            }
        });
        llm.thenCallTool("weather", "{\"city\":\"Lima\"}").thenAnswer("done");
        send("telegram", "bot1", "42", "go");
        await(() -> llm.requests.size() == 1);

        ana.modified(agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\",\"allowed_tools\":[\"*\"]}]"));
        gate.complete(null);
        await(() -> turns("ana") == 1);

        assertEquals(List.of("weather"), toolNames(llm.requests.get(1)));
    }

    @Test
    void aMissingProviderAnswersWithProviderNotFound() {
        var props = agentProps("ana", TELEGRAM_BOT1);
        props.put("model.provider", "nowhere");
        engine.addAgent(Fixtures.agent(props));

        send("telegram", "bot1", "42", "hi");

        await(() -> !broker.on("agent.events.ana").isEmpty());
        assertTrue(broker.on("agent.events.ana").get(0).payload().contains("\"code\":\"provider_not_found\""));
        assertTrue(outbound().isEmpty());
    }

    @Test
    void historyOfTheSessionIsSentOnTheNextTurn() {
        bind("ana", TELEGRAM_BOT1);
        llm.thenAnswer("first answer").thenAnswer("second answer");

        send("telegram", "bot1", "42", "first");
        await(() -> turns("ana") == 1);
        send("telegram", "bot1", "42", "second");
        await(() -> turns("ana") == 2);

        List<String> contents = llm.requests.get(1).messages().stream().map(ChatMessage::content).toList();
        assertEquals(List.of("You are ana.", "first", "first answer", "second"), contents);
    }

    @Test
    void delegationNeedsBothAllowlistsAndCarriesTheAnswerBack() {
        var ana = agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]");
        ana.put("allowed_delegates", new String[] {"bob"});
        var bob = agentProps("bob", "[]");
        bob.put("accept_delegates_from", new String[] {"ana"});
        engine.addAgent(Fixtures.agent(ana));
        engine.addAgent(Fixtures.agent(bob));
        llm.thenCallTool("delegate", "{\"agent_id\":\"bob\",\"message\":\"price?\"}").thenAnswer("42 EUR")
                .thenAnswer("Bob says 42 EUR");

        send("telegram", "bot1", "9", "ask bob");

        await(() -> outbound().size() == 1);
        assertEquals("Bob says 42 EUR", json.outbound(outbound().get(0).payload()).text());
        assertEquals("price?", last(llm.requests.get(1)).content());
        assertEquals("42 EUR", last(llm.requests.get(2)).content());
    }

    @Test
    void delegationToAnAgentThatDoesNotAcceptTheCallerIsRefused() {
        var ana = agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]");
        var bob = agentProps("bob", "[]");
        bob.put("accept_delegates_from", new String[] {"carol"});
        engine.addAgent(Fixtures.agent(ana));
        engine.addAgent(Fixtures.agent(bob));
        llm.thenCallTool("delegate", "{\"agent_id\":\"bob\",\"message\":\"x\"}").thenAnswer("ok");

        send("telegram", "bot1", "9", "ask bob");

        await(() -> turns("ana") == 1);
        assertTrue(last(llm.requests.get(1)).content().contains("not_allowed"));
        assertEquals(2, llm.requests.size(), "bob never ran a turn");
    }

    @Test
    void sendToolsCannotPickAnotherAccountOrRecipient() throws Exception {
        var props = agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\","
                + "\"outbound_allowlist\":{\"telegram\":[\"7\"]}}]");
        engine.addAgent(Fixtures.agent(props));
        ToolContext ctx = ToolContext.builder("default", "ana", "c1")
                .binding(dev.nexo.api.tool.BindingContext.of("ana", "telegram", "bot1")).build();
        var ref = dev.nexo.api.message.ChannelRef.of("telegram", "other_bot");

        Throwable wrongAccount = failure(engine.outbound().send(ctx, OutboundMessage.text(ref, "7", "hi")));
        Throwable wrongRecipient = failure(engine.outbound().send(ctx,
                OutboundMessage.text(dev.nexo.api.message.ChannelRef.of("telegram"), "8", "hi")));
        Throwable otherChannel = failure(engine.outbound().send(ctx,
                OutboundMessage.text(dev.nexo.api.message.ChannelRef.of("email"), "a@b.c", "hi")));

        assertTrue(wrongAccount.getMessage().startsWith("not_allowed"), wrongAccount.getMessage());
        assertTrue(wrongRecipient.getMessage().startsWith("not_allowed"), wrongRecipient.getMessage());
        assertTrue(otherChannel.getMessage().startsWith("not_allowed"), otherChannel.getMessage());
        assertTrue(outbound().isEmpty());

        var sent = engine.outbound().send(ctx, OutboundMessage.text(dev.nexo.api.message.ChannelRef.of("telegram"),
                "7", "hi")).toCompletableFuture();
        assertEquals(1, outbound().size());
        OutboundMessage published = json.outbound(outbound().get(0).payload());
        assertEquals("plugin.outbound.telegram.bot1", outbound().get(0).topic());
        broker.publish(Event.of("plugin.delivery.telegram.bot1", "channel.telegram", json.receipt(
                dev.nexo.api.message.DeliveryReceipt.sent(published, "tg-1", java.time.Instant.now()))));
        assertEquals("tg-1", sent.get().messageId().orElseThrow());
    }

    private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    private static ChatMessage last(ChatRequest r) {
        return r.messages().get(r.messages().size() - 1);
    }

}

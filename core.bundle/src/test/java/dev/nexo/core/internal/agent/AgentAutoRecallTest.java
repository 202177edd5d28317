package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.Role;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.core.internal.agent.prompt.AutoRecall;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Automatic recall: the turn's own scope, the agent's config over memory.yaml's, compact, never fatal. */
class AgentAutoRecallTest {
    private static final String BINDING = "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]";

    private final TestBroker broker = new TestBroker();
    private final StubLlm llm = new StubLlm("stub");
    private final Store store = new Store();
    private AgentEngine engine;

    /** Records the recall queries; answers from a per-scope list, or fails when told to. */
    static final class Store implements RecallOnlyStore {
        final List<MemoryScope> scopes = new CopyOnWriteArrayList<>();
        final List<RecallQuery> queries = new CopyOnWriteArrayList<>();
        volatile Map<MemoryScope, List<String>> data = Map.of();
        volatile boolean fail;

        @Override
        public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
            scopes.add(scope);
            queries.add(query);
            if (fail) {
                return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.UNAVAILABLE, "disk gone", null));
            }
            List<MemoryRecord> out = data.getOrDefault(scope, List.of()).stream().limit(query.limit())
                    .map(c -> MemoryRecord.of("id-" + c.hashCode(), scope, c, List.of("t"), Instant.EPOCH)).toList();
            return CompletableFuture.completedFuture(out);
        }
    }

    @BeforeEach
    void start() {
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.addProvider("stub", llm);
        engine.start();
        store.data = Map.of(new MemoryScope("default", "ana"), List.of("Ana's customer prefers invoices by email.",
                "The warehouse closes at 18:00."), new MemoryScope("default", "bob"), List.of("Bob's secret plan."));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void agent(String id, Map<String, Object> extra) {
        Map<String, Object> p = agentProps(id, BINDING);
        p.putAll(extra);
        engine.addAgent(Fixtures.agent(p));
    }

    private String lastUserMessage() {
        List<ChatMessage> m = llm.requests.get(llm.requests.size() - 1).messages();
        ChatMessage last = m.get(m.size() - 1);
        assertEquals(Role.USER, last.role());
        return last.content();
    }

    private void turn(String text, int expectedTurns) {
        broker.publish(inboundEvent(message("telegram", "bot1", "42", text)));
        await(() -> engine.usage().snapshot().containsKey("ana")
                && engine.usage().snapshot().get("ana").turns == expectedTurns);
    }

    @Test
    void offUnlessTheAgentTurnsLongTermMemoryOn() {
        engine.autoRecall().bind(store, Map.of());
        agent("ana", Map.of());
        llm.thenAnswer("ok");

        turn("how do I send the invoice?", 1);

        assertTrue(store.queries.isEmpty(), "no recall without memory.long_term");
        assertEquals("how do I send the invoice?", lastUserMessage());
    }

    @Test
    void recallsTheAgentsOwnMemoriesIntoTheUserMessageAndKeepsTheSessionClean() {
        engine.autoRecall().bind(store, Map.of("auto_recall.top_k", 3L, "auto_recall.mode", "keyword"));
        agent("ana", Map.of("memory", "{\"long_term\":true}"));
        llm.thenAnswer("ok").thenAnswer("ok again");

        turn("how do I send the invoice?", 1);

        assertEquals(List.of(new MemoryScope("default", "ana")), store.scopes, "only the turn's own agent scope");
        RecallQuery q = store.queries.get(0);
        assertEquals("how do I send the invoice?", q.text());
        assertEquals(3, q.limit(), "memory.yaml's top_k when the agent sets none");
        assertEquals(RecallMode.KEYWORD, q.mode());
        String user = lastUserMessage();
        assertEquals(AutoRecall.HEADING + "\n- Ana's customer prefers invoices by email.\n- The warehouse closes at 18:00."
                + "\n\n# MESSAGE\nhow do I send the invoice?", user);
        assertFalse(user.contains("Bob"));
        assertFalse(user.contains("id-"), "no ids or scores in the prompt");

        turn("thanks", 2);
        List<ChatMessage> second = llm.requests.get(1).messages();
        assertTrue(second.stream().filter(m -> m.role() == Role.USER).anyMatch(m -> m.content().equals(
                "how do I send the invoice?")), "history holds the user's words, not the recalled block");
        assertEquals(1, second.stream().filter(m -> m.content().contains(AutoRecall.HEADING)).count());
    }

    @Test
    void theAgentsOwnSettingsWinOverMemoryYaml() {
        engine.autoRecall().bind(store, Map.of("auto_recall.enabled", false, "auto_recall.top_k", 3L));
        agent("ana", Map.of("memory", "{\"long_term\":true,\"auto_recall\":{\"enabled\":true,\"top_k\":1,"
                + "\"mode\":\"vector\"}}"));
        llm.thenAnswer("ok");

        turn("invoice?", 1);

        assertEquals(1, store.queries.get(0).limit());
        assertEquals(RecallMode.VECTOR, store.queries.get(0).mode());
        assertTrue(lastUserMessage().contains("- Ana's customer prefers invoices by email.\n\n# MESSAGE\n"));
        assertFalse(lastUserMessage().contains("warehouse"));
    }

    @Test
    void memoryYamlCanTurnItOffForAgentsThatDoNotSay() {
        engine.autoRecall().bind(store, Map.of("auto_recall.enabled", "false"));
        agent("ana", Map.of("memory", "{\"long_term\":true}"));
        llm.thenAnswer("ok");

        turn("invoice?", 1);

        assertTrue(store.queries.isEmpty());
    }

    @Test
    void aFailingRecallIsCountedAndTheTurnStillAnswers() {
        store.fail = true;
        engine.autoRecall().bind(store, Map.of());
        agent("ana", Map.of("memory", "{\"long_term\":true}"));
        llm.thenAnswer("answer without memories");

        turn("invoice?", 1);

        assertEquals("invoice?", lastUserMessage());
        assertEquals(1, engine.autoRecall().failures());
        assertEquals(1, engine.autoRecall().recalls());
        assertEquals(0, engine.usage().snapshot().get("ana").failedTurns);
        assertEquals(1, broker.on("plugin.outbound.>").size(), "the reply went out");
    }

    @Test
    void withoutAStoreTheTurnRunsAsBefore() {
        agent("ana", Map.of("memory", "{\"long_term\":true}"));
        engine.autoRecall().bind(store, Map.of());
        engine.autoRecall().unbind(store);
        llm.thenAnswer("ok");

        turn("invoice?", 1);

        assertEquals("invoice?", lastUserMessage());
        assertTrue(store.queries.isEmpty());
    }
}

package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.trust.PairingService;
import dev.nexo.core.internal.agent.prompt.AutoRecall;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The counters that used to be getters only, on the core's Prometheus registry: automatic recall
 * failures by reason, pairing fail-closed and verdicts, inbound drops and usage; each incremented
 * on its path and gone from the registry once it is unbound.
 */
class AgentMetersTest {
    private static final String GATED = "[{\"plugin\":\"telegram\",\"instance\":\"bot1\","
            + "\"pairing_policy\":{\"auto_challenge\":true}}]";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private AgentEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        registry.close();
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).functionCounter().count();
    }

    private static AgentConfig ana() {
        return new AgentConfig("ana", "default", "", "stub", "m1", "", null, List.of(), Map.of(), List.of(), List.of(),
                List.of(), Map.of(), false, 4, 10, null, new AgentConfig.Memory(true, null, null, null));
    }

    @Test
    void aFailingRecallCountsAsErrorAndASlowOneAsTimeout() {
        AutoRecall recall = new AutoRecall(Duration.ofMillis(20));
        recall.bindMeters(registry);
        recall.bind(new Store(() -> CompletableFuture.failedFuture(
                new MemoryException(MemoryErrorCode.UNAVAILABLE, "disk gone", null))), Map.of());
        assertEquals("", recall.block(ana(), "invoice?").toCompletableFuture().join());
        assertEquals(1, count("nexo.memory.auto.recall.failures", "agent", "ana", "reason", "error"));
        assertEquals(0, count("nexo.memory.auto.recall.failures", "agent", "ana", "reason", "timeout"),
                "both reasons exist from the agent's first recall");

        recall.bind(new Store(CompletableFuture::new), Map.of()); // never answers
        assertEquals("", recall.block(ana(), "invoice?").toCompletableFuture().join());
        assertEquals(1, count("nexo.memory.auto.recall.failures", "agent", "ana", "reason", "timeout"));
        assertEquals(2, count("nexo.memory.auto.recalls", "agent", "ana"));
        assertEquals(1, recall.failures("timeout"));
        assertEquals(2, recall.failures());

        String scrape = registry.scrape();
        assertTrue(scrape.contains("nexo_memory_auto_recall_failures_total{agent=\"ana\",reason=\"timeout\"} 1.0"), scrape);
        assertTrue(scrape.contains("nexo_memory_auto_recalls_total{agent=\"ana\"} 2.0"), scrape);

        recall.unbindMeters();
        assertNull(registry.find("nexo.memory.auto.recalls").functionCounter());
    }

    @Test
    void pairingFailClosedAndVerdictsAreOnTheRegistry() {
        TestBroker broker = new TestBroker();
        StubLlm llm = new StubLlm("stub");
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        ServicePairingGate gate = new ServicePairingGate((agent, out) -> engine.publish(agent, out, null));
        gate.bindMeters(registry);
        engine.pairing(gate);
        engine.addProvider("stub", llm);
        engine.start();
        engine.addAgent(Fixtures.agent(agentProps("ana", GATED)));

        broker.publish(inboundEvent(message("telegram", "bot1", "u1", "anyone?")));
        await(() -> gate.failedClosed() == 1);
        assertEquals(1, count("nexo.pairing.fail.closed", "agent", "ana", "reason", "no_service"));
        assertEquals(0, count("nexo.pairing.fail.closed", "agent", "ana", "reason", "error"));

        gate.bind((kind, instance, sender) -> {
            throw new IllegalStateException("trust database operation failed");
        });
        broker.publish(inboundEvent(message("telegram", "bot1", "u1", "again?")));
        await(() -> gate.failedClosed() == 2);
        assertEquals(1, count("nexo.pairing.fail.closed", "agent", "ana", "reason", "error"));

        gate.bind((kind, instance, sender) -> new PairingService.Verdict(PairingService.Status.DROPPED, null));
        broker.publish(inboundEvent(message("telegram", "bot1", "u2", "hi")));
        await(() -> gate.dropped() == 1);
        assertEquals(1, count("nexo.pairing.checks", "agent", "ana", "outcome", "dropped"));
        assertEquals(0, count("nexo.pairing.checks", "agent", "ana", "outcome", "allowed"));
        assertEquals(0, llm.requests.size(), "nothing reached the LLM");
        assertTrue(registry.scrape().contains("nexo_pairing_fail_closed_total{agent=\"ana\",reason=\"no_service\"} 1.0"));
    }

    @Test
    void inboundDropsAndUsageAreOnTheRegistry() {
        TestBroker broker = new TestBroker();
        StubLlm llm = new StubLlm("stub");
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.addProvider("stub", llm);
        engine.start();
        engine.bindMeters(registry);
        engine.addAgent(Fixtures.agent(agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]")));
        assertEquals(0, count("nexo.agent.inbound.dropped", "reason", "unrouted"), "declared at bind");

        broker.publish(inboundEvent(message("telegram", "other", "u1", "nobody listens here")));
        await(() -> count("nexo.agent.inbound.dropped", "reason", "unrouted") == 1);

        llm.thenAnswer("hello");
        broker.publish(inboundEvent(message("telegram", "bot1", "u1", "hi")));
        await(() -> registry.find("nexo.agent.turns").tags("agent", "ana", "outcome", "reply").functionCounter() != null
                && count("nexo.agent.turns", "agent", "ana", "outcome", "reply") == 1);
        assertEquals(1, count("nexo.llm.calls", "agent", "ana"));
        assertEquals(0, count("nexo.agent.turns", "agent", "ana", "outcome", "failed"));
        assertEquals(1, engine.usage().snapshot().get("ana").turns);
        assertEquals(engine.usage().snapshot().get("ana").promptTokens, count("nexo.llm.tokens", "agent", "ana", "kind",
                "prompt"));

        engine.unbindMeters();
        assertNull(registry.find("nexo.agent.turns").functionCounter());
    }

    /** A memory store whose recall answers what the supplier gives. */
    private record Store(Supplier<CompletableFuture<List<MemoryRecord>>> answer) implements RecallOnlyStore {
        @Override
        public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
            return answer.get();
        }
    }
}

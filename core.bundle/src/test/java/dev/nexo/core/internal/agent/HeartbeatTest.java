package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.core.internal.agent.session.SessionPersistence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HeartbeatTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void onlyAgentsWithAHeartbeatCallTheLlmWhileIdleAndOncePerInterval() {
        TestBroker broker = new TestBroker();
        StubLlm llm = new StubLlm("stub").otherwise(r -> StubLlm.answer("nothing to do"));
        ManualClock clock = new ManualClock();
        AgentEngine engine = new AgentEngine(broker, SessionPersistence.NONE, clock, EngineSettings.DEFAULTS);
        try {
            engine.addProvider("stub", llm);
            var beating = agentProps("ana", "[]");
            beating.put("heartbeat.enabled", Boolean.TRUE);
            beating.put("heartbeat.interval", "5m");
            engine.addAgent(Fixtures.agent(beating));
            engine.addAgent(Fixtures.agent(agentProps("idle", "[]")));
            engine.start();

            engine.heartbeats();                     // starts ana's clock
            clock.now = clock.now.plus(Duration.ofMinutes(4));
            engine.heartbeats();                     // too early
            assertTrue(llm.requests.isEmpty());

            clock.now = clock.now.plus(Duration.ofMinutes(1));
            engine.heartbeats();
            await(() -> !broker.on("agent.events.ana").isEmpty());

            assertEquals(1, llm.requests.size());
            assertEquals("ana", llm.requests.get(0).metadata().get("agent_id"));
            assertTrue(broker.on("agent.events.ana").get(0).payload().contains("\"type\":\"heartbeat\""));
            assertTrue(broker.on("agent.events.idle").isEmpty());
        } finally {
            engine.close();
        }
    }

    @Test
    void durationsParse() {
        assertEquals(Duration.ofSeconds(30), AgentConfigParser.duration("30s"));
        assertEquals(Duration.ofMinutes(90), AgentConfigParser.duration("1h30m"));
        assertEquals(Duration.ofMillis(250), AgentConfigParser.duration("250ms"));
    }
}

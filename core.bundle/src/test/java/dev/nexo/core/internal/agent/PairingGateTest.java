package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.event.Event;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.trust.PairingService;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import dev.nexo.core.internal.message.MessageJson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pairing gate in the real engine: a pairing-gated binding lets no message of an unknown
 * sender reach the LLM, answers it with the code, fails closed without a pairing service, and lets
 * the sender through once paired.
 */
class PairingGateTest {
    private static final String GATED = "[{\"plugin\":\"telegram\",\"instance\":\"bot1\","
            + "\"pairing_policy\":{\"auto_challenge\":true}}]";

    private final TestBroker broker = new TestBroker();
    private final StubLlm llm = new StubLlm("stub");
    private final MessageJson json = new MessageJson();
    private final FakePairing service = new FakePairing();
    private AgentEngine engine;
    private ServicePairingGate gate;

    @BeforeEach
    void start() {
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        gate = new ServicePairingGate((agent, out) -> engine.publish(agent, out, null));
        engine.pairing(gate);
        engine.addProvider("stub", llm);
        engine.start();
        engine.addAgent(Fixtures.agent(agentProps("ana", GATED)));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void send(String chat, String text) {
        broker.publish(inboundEvent(message("telegram", "bot1", chat, text)));
    }

    private List<OutboundMessage> outbound() {
        return broker.on("plugin.outbound.>").stream().map(Event::payload).map(json::outbound).toList();
    }

    @Test
    void anUnknownSenderGetsTheCodeAndReachesTheAgentOnlyOncePaired() {
        gate.bind(service);
        send("u1", "hello?");
        await(() -> outbound().size() == 1);
        OutboundMessage challenge = outbound().get(0);
        assertEquals("u1", challenge.recipient());
        assertEquals("telegram:bot1", challenge.channel().toString());
        assertTrue(challenge.text().contains("ABCD2345"), challenge.text());
        assertEquals(List.of("telegram/bot1/u1"), service.checked);
        assertEquals(0, llm.requests.size(), "no LLM call before pairing");

        service.status.put("u1", PairingService.Status.ALLOWED);
        send("u1", "now?");
        await(() -> llm.requests.size() == 1);
        await(() -> outbound().size() == 2);
        assertEquals(1, gate.challenged());
    }

    @Test
    void withoutAPairingServiceAGatedBindingFailsClosed() {
        send("u1", "anyone?");
        await(() -> gate.failedClosed() == 1);
        gate.bind(service);
        gate.unbind(service);
        send("u1", "still?");
        await(() -> gate.failedClosed() == 2);
        assertEquals(0, llm.requests.size());
        assertEquals(List.of(), outbound(), "fail closed answers nothing");
        assertEquals(List.of(), service.checked);
    }

    @Test
    void aDroppedSenderGetsNoAnswer() {
        gate.bind(service);
        service.status.put("u2", PairingService.Status.DROPPED);
        send("u2", "hi");
        await(() -> gate.dropped() == 1);
        assertEquals(List.of(), outbound());
        assertEquals(0, llm.requests.size());
    }

    @Test
    void aFailingPairingServiceAlsoFailsClosed() {
        gate.bind((kind, instance, sender) -> {
            throw new IllegalStateException("trust database operation failed");
        });
        send("u3", "hi");
        await(() -> gate.failedClosed() == 1);
        assertEquals(0, llm.requests.size());
    }

    /** Answers CHALLENGE with a fixed code unless told otherwise per sender; records its calls. */
    private static final class FakePairing implements PairingService {
        final Map<String, Status> status = new ConcurrentHashMap<>();
        final List<String> checked = new CopyOnWriteArrayList<>();

        @Override
        public Verdict check(String channelKind, String instance, String senderId) {
            checked.add(channelKind + "/" + instance + "/" + senderId);
            Status s = status.getOrDefault(senderId, Status.CHALLENGE);
            return new Verdict(s, s == Status.CHALLENGE ? "ABCD2345" : null);
        }
    }
}

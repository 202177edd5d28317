package dev.nexo.core.internal.agent;

import static dev.nexo.core.internal.agent.Fixtures.agentProps;
import static dev.nexo.core.internal.agent.Fixtures.await;
import static dev.nexo.core.internal.agent.Fixtures.inboundEvent;
import static dev.nexo.core.internal.agent.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nexo.api.llm.ToolSpec;
import dev.nexo.core.internal.agent.Fixtures.EchoTool;
import dev.nexo.core.internal.agent.session.SessionPersistence;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Send tools of a channel kind are offered only to turns that can send on that kind. */
class ChannelToolOfferTest {
    private final TestBroker broker = new TestBroker();
    private final StubLlm llm = new StubLlm("stub");
    private AgentEngine engine;

    @AfterEach
    void stop() {
        engine.close();
    }

    private List<String> toolsOffered(Map<String, Object> agent) {
        engine = new AgentEngine(broker, SessionPersistence.NONE, Clock.systemUTC(), EngineSettings.DEFAULTS);
        engine.addProvider("stub", llm);
        engine.addTool(new EchoTool("weather", "sunny"));
        engine.addTool(new EchoTool("telegram_send_message", "sent"), "telegram");
        engine.addTool(new EchoTool("whatsapp_send_message", "sent"), "whatsapp");
        engine.addTool(new EchoTool("email_send", "sent"), "email");
        engine.addAgent(Fixtures.agent(agent));
        engine.start();
        broker.publish(inboundEvent(message("telegram", "bot1", "42", "hi")));
        await(() -> llm.requests.size() == 1);
        return llm.requests.get(0).tools().stream().map(ToolSpec::name).toList();
    }

    @Test
    void aTelegramTurnSeesTelegramToolsButNotThoseOfChannelsItHasNoAccountOn() {
        List<String> offered = toolsOffered(agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]"));
        assertEquals(List.of("delegate", "telegram_send_message", "weather"), offered.stream().sorted().toList());
    }

    @Test
    void credentialsForAKindMakeItsSendToolsAvailable() {
        Map<String, Object> ana = new java.util.HashMap<>(
                agentProps("ana", "[{\"plugin\":\"telegram\",\"instance\":\"bot1\"}]"));
        ana.put("credentials.email", "support");
        List<String> offered = toolsOffered(ana);
        assertEquals(List.of("delegate", "email_send", "telegram_send_message", "weather"), offered.stream().sorted().toList());
    }
}

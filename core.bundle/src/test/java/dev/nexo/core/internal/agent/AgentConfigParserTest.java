package dev.nexo.core.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigParserTest {
    @Test
    void flattenedPropertiesBecomeTheAgentAndItsBindings() {
        var p = Fixtures.agentProps("ana", "[{\"plugin\":\"whatsapp\",\"instance\":\"personal\","
                + "\"allowed_tools\":[\"whatsapp_send_message\"],\"outbound_allowlist\":{\"whatsapp\":[\"573115728852\"]},"
                + "\"model\":{\"provider\":\"stub\",\"model\":\"bigger\"},\"language\":\"es\"},"
                + "{\"plugin\":\"telegram\",\"instance\":\"ana_bot\",\"allowed_tools\":[\"*\"]}]");
        p.put("allowed_tools", new String[] {"memory_*"});
        p.put("outbound_allowlist.telegram", new Long[] {1194292426L});
        p.put("credentials.telegram", "ana_bot");
        p.put("tool_args_validation.enabled", Boolean.FALSE);

        AgentConfig c = AgentConfigParser.parse(p);

        assertEquals(2, c.bindings().size());
        assertEquals(Map.of("telegram", List.of("1194292426")), c.outboundAllowlist());
        assertEquals("ana_bot", c.credentials().get("telegram"));
        assertFalse(c.validateToolArguments());
        TurnPolicy whatsapp = TurnPolicy.of(c, c.bindingFor("whatsapp", "personal").orElseThrow());
        assertEquals("bigger", whatsapp.model());
        assertTrue(whatsapp.toolAllowed("whatsapp_send_message"));
        assertFalse(whatsapp.toolAllowed("memory_store"));
        assertFalse(whatsapp.recipientAllowed("whatsapp", "1"));
        TurnPolicy telegram = TurnPolicy.of(c, c.bindingFor("telegram", "ana_bot").orElseThrow());
        assertTrue(telegram.toolAllowed("anything"), "[\"*\"] allows everything");
        assertTrue(telegram.recipientAllowed("telegram", "1194292426"));
        assertFalse(telegram.recipientAllowed("telegram", "5"), "the agent's allowlist is inherited");
        TurnPolicy bindingless = TurnPolicy.of(c, null);
        assertTrue(bindingless.toolAllowed("memory_store"));
        assertFalse(bindingless.toolAllowed("weather"));
    }

    @Test
    void aBindingWithoutInstanceMatchesOnlyTheBareTopic() {
        AgentConfig c = AgentConfigParser.parse(Fixtures.agentProps("ana", "[{\"plugin\":\"telegram\"}]"));
        assertTrue(c.bindingFor("telegram", null).isPresent());
        assertTrue(c.bindingFor("telegram", "admin").isEmpty());
        assertNull(c.bindings().get(0).allowedTools());
    }

    @Test
    void aMissingModelIsAnError() {
        var p = Fixtures.agentProps("ana", "[]");
        p.remove("model.model");
        try {
            AgentConfigParser.parse(p);
            throw new AssertionError("expected a failure");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("model.model"));
        }
    }
}

package dev.nexo.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void buildsWellKnownTopics() {
        assertEquals("plugin.inbound.telegram", Topics.inbound("telegram"));
        assertEquals("plugin.inbound.telegram.sales_bot", Topics.inbound("telegram", "sales_bot"));
        assertEquals("plugin.inbound.whatsapp", Topics.inbound("whatsapp", null));
        assertEquals("plugin.outbound.email.ops", Topics.outbound("email", "ops"));
        assertEquals("plugin.outbound.email", Topics.outbound("email"));
        assertEquals("plugin.delivery.whatsapp.sales-line", Topics.delivery("whatsapp", "sales-line"));
        assertEquals("plugin.health.telegram", Topics.health("telegram", null));
        assertEquals("plugin.lifecycle.slack.crashed", Topics.lifecycle("slack", "crashed"));
        assertEquals("agent.route.ops", Topics.agentRoute("ops"));
        assertEquals("agent.events.ana", Topics.agentEvents("ana"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "sales.bot", "*", ">", "bot!", "ñandú"})
    void builderRejectsBadTokens(String token) {
        assertThrows(IllegalArgumentException.class, () -> Topics.inbound("telegram", token));
        assertThrows(IllegalArgumentException.class, () -> Topics.agentRoute(token));
    }

    @Test
    void builderRejectsNullKind() {
        assertThrows(IllegalArgumentException.class, () -> Topics.inbound(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "plugin.inbound.telegram.sales_bot", "A-b_9.c"})
    void acceptsValidTopics(String topic) {
        assertTrue(Topics.isValid(topic));
        assertEquals(topic, Topics.require(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a.*", "a.>", "a b", "a\tb"})
    void rejectsInvalidTopics(String topic) {
        assertFalse(Topics.isValid(topic));
        assertThrows(IllegalArgumentException.class, () -> Topics.require(topic));
    }

    @Test
    void enforcesLengthLimits() {
        String token = "x".repeat(Topics.MAX_TOKEN_LENGTH);
        assertTrue(Topics.isValid(token));
        assertFalse(Topics.isValid(token + "x"));
        String longTopic = ("abcdefghi.").repeat(26) + "a";
        assertTrue(longTopic.length() > Topics.MAX_LENGTH);
        assertFalse(Topics.isValid(longTopic));
        assertFalse(Topics.isValid(null));
    }
}

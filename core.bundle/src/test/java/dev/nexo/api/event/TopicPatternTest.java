package dev.nexo.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TopicPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "plugin.inbound.>, plugin.inbound.whatsapp, true",
        "plugin.inbound.>, plugin.inbound.telegram.sales_bot, true",
        "plugin.inbound.>, plugin.inbound, false",
        "plugin.inbound.>, plugin.inboundx.telegram, false",
        "plugin.inbound.>, plugin.outbound.telegram, false",
        "plugin.inbound.*, plugin.inbound.whatsapp, true",
        "plugin.inbound.*, plugin.inbound.telegram.sales_bot, false",
        "plugin.inbound.*, plugin.inbound, false",
        "plugin.*.telegram, plugin.inbound.telegram, true",
        "plugin.*.telegram, plugin.inbound.telegramx, false",
        "plugin.*.telegram, plugin.inbound.tele, false",
        "*.*, a.b, true",
        "*.*, a, false",
        "*.*, a.b.c, false",
        ">, a, true",
        ">, a.b.c, true",
        "*.>, a, false",
        "*.>, a.b, true",
        "agent.route.ana, agent.route.ana, true",
        "agent.route.ana, agent.route.anna, false",
        "agent.route.ana, agent.route.an, false",
        "agent.route.ana, agent.route.ana.x, false",
        "a.*.c, a.b.c, true",
        "a.*.c, a.b.d, false",
        "a.*.c.>, a.b.c.d.e, true",
    })
    void matchesLikeNats(String pattern, String topic, boolean expected) {
        assertEquals(expected, TopicPattern.compile(pattern).matches(topic));
    }

    @Test
    void nullAndEmptyTopicsNeverMatch() {
        assertFalse(TopicPattern.compile(">").matches(null));
        assertFalse(TopicPattern.compile(">").matches(""));
        assertFalse(TopicPattern.compile("*").matches(""));
    }

    @Test
    void emptyTokensInTopicDoNotMatchWildcards() {
        assertFalse(TopicPattern.compile("a.*.c").matches("a..c"));
        assertFalse(TopicPattern.compile("a.>").matches("a."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a.", ".a", "a..b", "a.>.b", "a.b>", "a*.b", "a.**", "a b", "a.>>", "ä"})
    void rejectsMalformedPatterns(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> TopicPattern.compile(pattern));
    }

    @Test
    void rejectsNullPattern() {
        assertThrows(IllegalArgumentException.class, () -> TopicPattern.compile(null));
    }

    @Test
    void knowsLiteralPatterns() {
        assertTrue(TopicPattern.compile("plugin.inbound.telegram").isLiteral());
        assertFalse(TopicPattern.compile("plugin.inbound.*").isLiteral());
        assertFalse(TopicPattern.compile("plugin.>").isLiteral());
    }

    @Test
    void equalityFollowsText() {
        assertEquals(TopicPattern.compile("a.*"), TopicPattern.compile("a.*"));
        assertEquals("a.*", TopicPattern.compile("a.*").toString());
        assertTrue(TopicPattern.matches("a.*", "a.b"));
    }
}

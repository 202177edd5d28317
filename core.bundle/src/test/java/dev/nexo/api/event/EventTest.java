package dev.nexo.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void ofFillsIdTimestampAndPayload() {
        Event e = Event.of("plugin.inbound.telegram.sales_bot", "channel.telegram", "{\"text\":\"hi\"}");
        assertTrue(Ids.isValid(e.id()));
        assertEquals("plugin.inbound.telegram.sales_bot", e.topic());
        assertEquals("{\"text\":\"hi\"}", e.payload());
        assertEquals(Optional.empty(), e.correlationId());
        assertNotEquals(e.id(), Event.of(e.topic(), e.source(), e.payload()).id());
    }

    @Test
    void builderKeepsEveryField() {
        Event e = Event.builder("agent.route.ops", "agent.ana").id("ev-1").createdAt(T0)
                .expiresAt(T0.plusSeconds(30)).correlationId("req-123").sessionId("s-1")
                .replyTo("agent.route.ana").header("tenant", "acme").payload("[1,2]").build();
        assertEquals("ev-1", e.id());
        assertEquals(T0, e.createdAt());
        assertEquals(Optional.of(T0.plusSeconds(30)), e.expiresAt());
        assertEquals(Optional.of("req-123"), e.correlationId());
        assertEquals(Optional.of("s-1"), e.sessionId());
        assertEquals(Optional.of("agent.route.ana"), e.replyTo());
        assertEquals(Optional.of("acme"), e.header("tenant"));
        assertEquals(e, e.toBuilder().build());
        assertEquals(e.hashCode(), e.toBuilder().build().hashCode());
    }

    @Test
    void rejectsMissingOrMalformedFields() {
        assertThrows(IllegalArgumentException.class, () -> Event.builder(null, "src").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("plugin.inbound.>", "src").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", null).build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", " ").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", "s").id("bad\nid").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", "s").payload("hello").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", "s").payload("  ").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", "s").replyTo("x.*").build());
        assertThrows(IllegalArgumentException.class, () -> Event.builder("a.b", "s").header("bad name", "v"));
        assertThrows(NullPointerException.class, () -> Event.builder("a.b", "s").header("k", null));
        assertThrows(IllegalArgumentException.class,
                () -> Event.builder("a.b", "s").createdAt(T0).expiresAt(T0.minusSeconds(1)).build());
    }

    @Test
    void isImmutable() {
        Event e = Event.builder("a.b", "s").header("k", "v").build();
        assertThrows(UnsupportedOperationException.class, () -> e.headers().put("x", "y"));
        Event.Builder b = e.toBuilder();
        b.header("k2", "v2");
        assertFalse(e.headers().containsKey("k2"));
    }

    @Test
    void expiry() {
        Event e = Event.builder("a.b", "s").createdAt(T0).expiresAt(T0.plusSeconds(10)).build();
        assertFalse(e.isExpiredAt(T0.plusSeconds(10)));
        assertTrue(e.isExpiredAt(T0.plusSeconds(11)));
        assertFalse(Event.of("a.b", "s", "{}").isExpiredAt(Instant.MAX));
    }

    @Test
    void replyEchoesCorrelation() {
        Event request = Event.builder("agent.route.ops", "agent.ana").id("r1").replyTo("agent.route.ana")
                .sessionId("s").build();
        Event reply = Event.replyTo(request, "agent.ops").payload("{\"ok\":true}").build();
        assertEquals("agent.route.ana", reply.topic());
        assertEquals(Optional.of("r1"), reply.correlationId());
        assertEquals(Optional.of("s"), reply.sessionId());

        Event correlated = request.toBuilder().correlationId("c9").build();
        assertEquals(Optional.of("c9"), Event.replyTo(correlated, "x").build().correlationId());

        Event noReply = Event.of("a.b", "s", "{}");
        assertThrows(IllegalArgumentException.class, () -> Event.replyTo(noReply, "x"));
    }

    @Test
    void toStringLeavesPayloadOut() {
        Event e = Event.of("a.b", "s", "{\"secret\":\"pin 1234\"}");
        assertFalse(e.toString().contains("1234"));
    }
}

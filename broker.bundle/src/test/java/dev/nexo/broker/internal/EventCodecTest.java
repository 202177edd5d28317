package dev.nexo.broker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.event.Event;

class EventCodecTest {
    private final EventCodec codec = new EventCodec();

    @Test
    void writesTheDocumentedWireFormAndReadsItBack() throws Exception {
        Event e = Event.builder("plugin.outbound.slack.team_a", "agent.coordinator")
                .id("0194-abc").createdAt(Instant.parse("2026-05-01T00:00:00Z"))
                .expiresAt(Instant.parse("2026-05-01T00:05:00Z")).sessionId("s-1").correlationId("c-1")
                .replyTo("_INBOX.r1").header("trace", "t1").payload("{\"text\":\"hi\",\"n\":[1,2]}").build();
        String text = codec.encodeText(e);
        JsonNode n = new ObjectMapper().readTree(text);
        assertEquals("0194-abc", n.get("id").asText());
        assertEquals("2026-05-01T00:00:00Z", n.get("timestamp").asText());
        assertEquals("plugin.outbound.slack.team_a", n.get("topic").asText());
        assertEquals("agent.coordinator", n.get("source").asText());
        assertEquals("s-1", n.get("session_id").asText());
        assertEquals("c-1", n.get("correlation_id").asText());
        assertEquals("_INBOX.r1", n.get("reply_to").asText());
        assertEquals("2026-05-01T00:05:00Z", n.get("expires_at").asText());
        assertEquals("t1", n.get("headers").get("trace").asText());
        assertEquals("hi", n.get("payload").get("text").asText(), "the payload is embedded JSON, not a string");
        assertEquals(e, codec.decode(text));
        assertEquals(e, codec.decode(codec.encode(e)));
    }

    @Test
    void leavesOutAbsentOptionals() throws Exception {
        Event e = Event.of("agent.route.ana", "agent.bob", "{}");
        JsonNode n = new ObjectMapper().readTree(codec.encodeText(e));
        assertEquals(6 - 1, n.size(), n.toString()); // id, timestamp, topic, source, payload
        assertEquals(e, codec.decode(codec.encode(e)));
    }

    @Test
    void rejectsWhatIsNotAnEvent() {
        for (String bad : new String[] {"{not json", "[]", "{\"id\":\"x\"}",
            "{\"id\":\"x\",\"timestamp\":\"nope\",\"topic\":\"a.b\",\"source\":\"s\",\"payload\":{}}",
            "{\"id\":\"x\",\"timestamp\":\"2026-05-01T00:00:00Z\",\"topic\":\"a.*\",\"source\":\"s\"}",
            "{\"id\":\"x\",\"timestamp\":\"2026-05-01T00:00:00Z\",\"topic\":\"a.b\",\"source\":\"s\",\"headers\":{\"h\":1}}"}) {
            EventCodec.MalformedEventException ex = assertThrows(EventCodec.MalformedEventException.class,
                    () -> codec.decode(bad), bad);
            assertTrue(!ex.getMessage().isBlank());
        }
    }
}

package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.event.Event;
import java.io.IOException;
import java.time.Instant;

/** {@link Event} ↔ its JSON wire form (plugin contract §5.1), as documented on {@code Event}. */
public final class EventWire {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventWire() {
    }

    public static ObjectNode toJson(Event e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", e.id());
        n.put("timestamp", e.createdAt().toString());
        n.put("topic", e.topic());
        n.put("source", e.source());
        e.sessionId().ifPresentOrElse(v -> n.put("session_id", v), () -> n.putNull("session_id"));
        e.correlationId().ifPresent(v -> n.put("correlation_id", v));
        e.replyTo().ifPresent(v -> n.put("reply_to", v));
        e.expiresAt().ifPresent(v -> n.put("expires_at", v.toString()));
        if (!e.headers().isEmpty()) {
            ObjectNode h = n.putObject("headers");
            e.headers().forEach(h::put);
        }
        try {
            n.set("payload", JSON.readTree(e.payload()));
        } catch (IOException ex) {
            n.put("payload", e.payload());
        }
        return n;
    }

    /**
     * Builds the event a plugin asked to publish. The topic is the allowlisted one; the source is
     * forced to {@code plugin.<id>} so a plugin cannot speak as another component.
     */
    public static Event fromPlugin(String pluginId, String topic, JsonNode wire) {
        JsonNode payload = wire.path("payload");
        Event.Builder b = Event.builder(topic, "plugin." + pluginId)
                .payload(payload.isMissingNode() || payload.isNull() ? "{}" : payload.toString());
        text(wire, "id").ifPresent(b::id);
        text(wire, "timestamp").map(Instant::parse).ifPresent(b::createdAt);
        text(wire, "session_id").ifPresent(b::sessionId);
        text(wire, "correlation_id").ifPresent(b::correlationId);
        wire.path("headers").fields().forEachRemaining(f -> b.header(f.getKey(), f.getValue().asText()));
        return b.build();
    }

    private static java.util.Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isTextual() || v.asText().isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(v.asText());
    }
}

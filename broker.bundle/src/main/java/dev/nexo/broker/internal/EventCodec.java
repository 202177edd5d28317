package dev.nexo.broker.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.event.Event;

/**
 * {@link Event} to and from its JSON wire form, exactly as the {@code Event} Javadoc shows it:
 * {@code id, timestamp, topic, source, session_id, correlation_id, reply_to, expires_at, headers,
 * payload}; absent optionals are left out, the payload is embedded as raw JSON. Used for NATS
 * messages, the disk queue and dead letters. Thread-safe.
 */
final class EventCodec {
    private final ObjectMapper json = new ObjectMapper();
    private final JsonFactory factory = json.getFactory();

    /** @return the event's wire form as UTF-8 JSON */
    byte[] encode(Event e) {
        ByteArrayBuilder out = new ByteArrayBuilder(256 + e.payload().length());
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            write(g, e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode " + e, ex); // in-memory output does not fail
        }
        return out.toByteArray();
    }

    /** @return the event's wire form as JSON text */
    String encodeText(Event e) {
        StringWriter out = new StringWriter(256 + e.payload().length());
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode " + e, ex); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Event e) throws IOException {
        {
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("timestamp", e.createdAt().toString());
            g.writeStringField("topic", e.topic());
            g.writeStringField("source", e.source());
            if (e.sessionId().isPresent()) {
                g.writeStringField("session_id", e.sessionId().get());
            }
            if (e.correlationId().isPresent()) {
                g.writeStringField("correlation_id", e.correlationId().get());
            }
            if (e.replyTo().isPresent()) {
                g.writeStringField("reply_to", e.replyTo().get());
            }
            if (e.expiresAt().isPresent()) {
                g.writeStringField("expires_at", e.expiresAt().get().toString());
            }
            if (!e.headers().isEmpty()) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : e.headers().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
            }
            g.writeFieldName("payload");
            g.writeRawValue(e.payload());
            g.writeEndObject();
        }
    }

    /**
     * @param data UTF-8 JSON
     * @return the event
     * @throws MalformedEventException if the bytes are not an event's wire form
     */
    Event decode(byte[] data) {
        return decode(new String(data, StandardCharsets.UTF_8));
    }

    /**
     * @param text JSON text
     * @return the event
     * @throws MalformedEventException if the text is not an event's wire form
     */
    Event decode(String text) {
        try {
            JsonNode n = json.readTree(text);
            if (n == null || !n.isObject()) {
                throw new MalformedEventException("not a JSON object");
            }
            Event.Builder b = Event.builder(required(n, "topic"), required(n, "source"))
                    .id(required(n, "id"))
                    .createdAt(Instant.parse(required(n, "timestamp")))
                    .sessionId(optional(n, "session_id"))
                    .correlationId(optional(n, "correlation_id"))
                    .replyTo(optional(n, "reply_to"));
            String expires = optional(n, "expires_at");
            if (expires != null) {
                b.expiresAt(Instant.parse(expires));
            }
            JsonNode headers = n.get("headers");
            if (headers != null && !headers.isNull()) {
                if (!headers.isObject()) {
                    throw new MalformedEventException("headers must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> h = it.next();
                    if (!h.getValue().isTextual()) {
                        throw new MalformedEventException("header " + h.getKey() + " must be a string");
                    }
                    b.header(h.getKey(), h.getValue().asText());
                }
            }
            JsonNode payload = n.get("payload");
            if (payload != null && !payload.isNull()) {
                b.payload(json.writeValueAsString(payload));
            }
            return b.build();
        } catch (MalformedEventException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String required(JsonNode n, String field) {
        String v = optional(n, field);
        if (v == null) {
            throw new MalformedEventException("missing field " + field);
        }
        return v;
    }

    private static String optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedEventException("field " + field + " must be a string");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The bytes or text are not an event's wire form; such input goes straight to the dead letters. */
    static final class MalformedEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedEventException(String message) {
            super(message);
        }

        MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

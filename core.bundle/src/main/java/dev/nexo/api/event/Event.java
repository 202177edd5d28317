package dev.nexo.api.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable envelope of everything that crosses the broker.
 *
 * <p>Wire form (JSON, as seen by subprocess plugins in {@code broker.event}):
 * <pre>{@code
 * {"id": "0194...", "timestamp": "2026-05-01T00:00:00Z", "topic": "plugin.outbound.slack.team_a",
 *  "source": "agent.coordinator", "session_id": "...", "correlation_id": "...",
 *  "reply_to": "...", "expires_at": "...", "headers": {...}, "payload": {...}}
 * }</pre>
 *
 * <p>The payload is raw JSON text, never a library type. Consumers must tolerate redelivery: the
 * broker is at-least-once, so dedupe by {@link #id()}. Build with {@link #builder(String, String)}
 * or {@link #of(String, String, String)}; every builder rejects missing or malformed fields.
 */
public final class Event {
    private final String id;
    private final String topic;
    private final String source;
    private final Instant createdAt;
    private final Instant expiresAt;
    private final String correlationId;
    private final String sessionId;
    private final String replyTo;
    private final Map<String, String> headers;
    private final String payload;

    private Event(Builder b) {
        this.id = b.id == null ? Ids.newId() : Ids.require(b.id, "event id");
        this.topic = Topics.require(b.topic);
        this.source = Ids.require(b.source, "event source");
        this.createdAt = b.createdAt == null ? Instant.now() : b.createdAt;
        this.expiresAt = b.expiresAt;
        if (expiresAt != null && expiresAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("event expires_at " + expiresAt + " is before its timestamp " + createdAt);
        }
        this.correlationId = b.correlationId == null ? null : Ids.require(b.correlationId, "correlation id");
        this.sessionId = b.sessionId == null ? null : Ids.require(b.sessionId, "session id");
        this.replyTo = b.replyTo == null ? null : Topics.require(b.replyTo);
        this.headers = Map.copyOf(b.headers);
        this.payload = Json.require(b.payload, "event payload");
    }

    /**
     * @param topic concrete topic to publish on
     * @param source who publishes, e.g. {@code channel.telegram.sales_bot} or {@code agent.ana}
     * @return a builder with a fresh id, the current time and an empty-object payload
     */
    public static Builder builder(String topic, String source) {
        return new Builder().topic(topic).source(source);
    }

    /**
     * @param topic concrete topic
     * @param source publisher
     * @param payloadJson payload as JSON text
     * @return a new event with a fresh id and the current time
     */
    public static Event of(String topic, String source, String payloadJson) {
        return builder(topic, source).payload(payloadJson).build();
    }

    /**
     * Starts the reply to a request received through {@code Broker.request}: the reply goes to the
     * request's {@link #replyTo()} topic and carries its correlation id (or, if it had none, its id).
     *
     * @param request the request being answered
     * @param source who answers
     * @return a builder for the reply
     * @throws IllegalArgumentException if the request has no reply-to topic
     */
    public static Builder replyTo(Event request, String source) {
        String to = request.replyTo().orElseThrow(
                () -> new IllegalArgumentException("event " + request.id() + " has no reply_to topic"));
        return builder(to, source)
                .correlationId(request.correlationId().orElse(request.id()))
                .sessionId(request.sessionId().orElse(null));
    }

    /** @return a builder holding this event's fields, for making a modified copy */
    public Builder toBuilder() {
        Builder b = new Builder().id(id).topic(topic).source(source).createdAt(createdAt)
                .expiresAt(expiresAt).correlationId(correlationId).sessionId(sessionId)
                .replyTo(replyTo).payload(payload);
        b.headers.putAll(headers);
        return b;
    }

    /** @return the unique id; consumers dedupe redeliveries by it */
    public String id() {
        return id;
    }

    /** @return the concrete topic the event was published on */
    public String topic() {
        return topic;
    }

    /** @return who published the event */
    public String source() {
        return source;
    }

    /** @return when the event was created (wire name {@code timestamp}) */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return when the event stops being worth delivering, if it has a deadline */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /**
     * @param now the current time
     * @return whether the event has a deadline that lies before {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt != null && expiresAt.isBefore(now);
    }

    /** @return the id tying a request, its replies and its log lines together */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return the conversation session the event belongs to, when known */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** @return the topic a reply should be published on (request/reply) */
    public Optional<String> replyTo() {
        return Optional.ofNullable(replyTo);
    }

    /** @return free string headers, unmodifiable */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * @param name header name
     * @return the header value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** @return the payload as raw JSON text */
    public String payload() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Event)) {
            return false;
        }
        Event e = (Event) o;
        return id.equals(e.id) && topic.equals(e.topic) && source.equals(e.source)
                && createdAt.equals(e.createdAt) && Objects.equals(expiresAt, e.expiresAt)
                && Objects.equals(correlationId, e.correlationId) && Objects.equals(sessionId, e.sessionId)
                && Objects.equals(replyTo, e.replyTo) && headers.equals(e.headers) && payload.equals(e.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, topic, createdAt);
    }

    /** @return a log-friendly summary without the payload (which may hold personal data) */
    @Override
    public String toString() {
        return "Event[id=" + id + ", topic=" + topic + ", source=" + source
                + (correlationId == null ? "" : ", correlationId=" + correlationId) + ']';
    }

    /** Collects the fields of an {@link Event}; not thread-safe, not reusable after build. */
    public static final class Builder {
        private String id;
        private String topic;
        private String source;
        private Instant createdAt;
        private Instant expiresAt;
        private String correlationId;
        private String sessionId;
        private String replyTo;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String payload = Json.EMPTY_OBJECT;

        private Builder() {
        }

        /** @param id the event id; a fresh one is generated when never set */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** @param topic the concrete topic (required) */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** @param source the publisher (required) */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** @param createdAt creation time; defaults to now at {@link #build()} */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** @param expiresAt delivery deadline, or null for none */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** @param correlationId correlation id, or null for none */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** @param sessionId session id, or null for none */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** @param replyTo topic for replies, or null for none */
        public Builder replyTo(String replyTo) {
            this.replyTo = replyTo;
            return this;
        }

        /**
         * @param name header name: 1..128 characters of {@code [A-Za-z0-9_.-]}
         * @param value header value, non-null
         */
        public Builder header(String name, String value) {
            headers.put(requireHeaderName(name), Objects.requireNonNull(value, "header value"));
            return this;
        }

        /** @param payloadJson the payload as JSON text; defaults to {@code {}} */
        public Builder payload(String payloadJson) {
            this.payload = payloadJson;
            return this;
        }

        /**
         * @return the event
         * @throws IllegalArgumentException if a field is missing or malformed
         */
        public Event build() {
            return new Event(this);
        }

        private static String requireHeaderName(String name) {
            if (name == null || name.isEmpty() || name.length() > 128) {
                throw new IllegalArgumentException("header name must be 1..128 characters: " + Ids.quote(name));
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_' && c != '.' && c != '-') {
                    throw new IllegalArgumentException("header name must be [A-Za-z0-9_.-]: " + Ids.quote(name));
                }
            }
            return name;
        }
    }
}

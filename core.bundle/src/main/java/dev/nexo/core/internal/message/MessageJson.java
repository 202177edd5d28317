package dev.nexo.core.internal.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.ChatType;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.ForwardInfo;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Location;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.Sender;
import dev.nexo.api.message.TextFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The wire form of messages on the broker (payloads of inbound, outbound and delivery events), as
 * documented in {@code docs/api.md}. Field names follow the nexo-rs book's inbound event
 * ({@code msg_id}, {@code from}, {@code chat}, {@code chat_type}, {@code is_group}, {@code media},
 * {@code reply_to}, …). Decoding is strict about required fields and lenient about unknown ones,
 * so newer publishers can add fields.
 */
public final class MessageJson {
    private final ObjectMapper mapper = new ObjectMapper();

    /** @return the encoded inbound message */
    public String inbound(InboundMessage m) {
        ObjectNode n = mapper.createObjectNode();
        channel(n, m.channel());
        n.put("msg_id", m.messageId());
        n.put("from", m.sender().id());
        m.sender().displayName().ifPresent(v -> n.put("display_name", v));
        m.sender().username().ifPresent(v -> n.put("username", v));
        n.put("chat", m.chat().id());
        n.put("chat_type", m.chat().type().wireName());
        n.put("is_group", m.chat().isGroup());
        m.chat().threadId().ifPresent(v -> n.put("thread_id", v));
        m.chat().title().ifPresent(v -> n.put("chat_title", v));
        n.put("text", m.text());
        m.replyToMessageId().ifPresent(v -> n.put("reply_to", v));
        n.put("timestamp", m.sentAt().toString());
        n.put("received_at", m.receivedAt().toString());
        media(n, m.attachments());
        m.location().ifPresent(l -> {
            n.put("latitude", l.latitude());
            n.put("longitude", l.longitude());
        });
        m.forward().ifPresent(f -> {
            ObjectNode fw = n.putObject("forward");
            fw.put("source", f.source());
            f.fromUserId().ifPresent(v -> fw.put("from_user_id", v));
            f.fromChatId().ifPresent(v -> fw.put("from_chat_id", v));
            f.originalDate().ifPresent(v -> fw.put("date", v.toString()));
        });
        extra(n, m.extra());
        return n.toString();
    }

    /**
     * @param json an inbound payload
     * @return the message
     * @throws IllegalArgumentException if the JSON is malformed or misses a required field
     */
    public InboundMessage inbound(String json) {
        JsonNode n = parse(json);
        try {
            Sender sender = new Sender(req(n, "from"), opt(n, "display_name"), opt(n, "username"));
            Chat chat = new Chat(req(n, "chat"), ChatType.fromWire(n.path("chat_type").asText("private")),
                    opt(n, "thread_id"), opt(n, "chat_title"));
            InboundMessage.Builder b = InboundMessage.builder(channel(n), req(n, "msg_id"), sender, chat)
                    .text(n.path("text").asText(""));
            opt(n, "reply_to").ifPresent(b::replyTo);
            opt(n, "timestamp").map(Instant::parse).ifPresent(b::sentAt);
            opt(n, "received_at").map(Instant::parse).ifPresent(b::receivedAt);
            for (JsonNode a : n.path("media")) {
                b.attachment(attachment(a));
            }
            if (n.hasNonNull("latitude") && n.hasNonNull("longitude")) {
                b.location(new Location(n.get("latitude").asDouble(), n.get("longitude").asDouble()));
            }
            JsonNode fw = n.path("forward");
            if (fw.isObject()) {
                b.forward(new ForwardInfo(req(fw, "source"), opt(fw, "from_user_id"), opt(fw, "from_chat_id"),
                        opt(fw, "date").map(Instant::parse)));
            }
            extra(n).forEach(b::extra);
            return b.build();
        } catch (RuntimeException e) {
            throw malformed("inbound message", e);
        }
    }

    /** @return the encoded outbound message */
    public String outbound(OutboundMessage m) {
        ObjectNode n = mapper.createObjectNode();
        channel(n, m.channel());
        n.put("to", m.recipient());
        n.put("text", m.text());
        m.replyToMessageId().ifPresent(v -> n.put("reply_to", v));
        m.threadId().ifPresent(v -> n.put("thread_id", v));
        n.put("format", m.format().name().toLowerCase(Locale.ROOT));
        m.correlationId().ifPresent(v -> n.put("correlation_id", v));
        media(n, m.attachments());
        extra(n, m.extra());
        return n.toString();
    }

    /**
     * @param json an outbound payload
     * @return the message
     * @throws IllegalArgumentException if the JSON is malformed or misses a required field
     */
    public OutboundMessage outbound(String json) {
        JsonNode n = parse(json);
        try {
            OutboundMessage.Builder b = OutboundMessage.builder(channel(n), req(n, "to"))
                    .text(n.path("text").asText(""))
                    .format(TextFormat.valueOf(n.path("format").asText("plain").toUpperCase(Locale.ROOT)));
            opt(n, "reply_to").ifPresent(b::replyTo);
            opt(n, "thread_id").ifPresent(b::threadId);
            opt(n, "correlation_id").ifPresent(b::correlationId);
            for (JsonNode a : n.path("media")) {
                b.attachment(attachment(a));
            }
            extra(n).forEach(b::extra);
            return b.build();
        } catch (RuntimeException e) {
            throw malformed("outbound message", e);
        }
    }

    /** @return the encoded receipt */
    public String receipt(DeliveryReceipt r) {
        ObjectNode n = mapper.createObjectNode();
        channel(n, r.channel());
        n.put("to", r.recipient());
        n.put("status", r.status().wireName());
        r.messageId().ifPresent(v -> n.put("msg_id", v));
        r.correlationId().ifPresent(v -> n.put("correlation_id", v));
        n.put("timestamp", r.timestamp().toString());
        r.failureReason().ifPresent(v -> n.put("error", v));
        return n.toString();
    }

    /**
     * @param json a delivery payload
     * @return the receipt
     * @throws IllegalArgumentException if the JSON is malformed or misses a required field
     */
    public DeliveryReceipt receipt(String json) {
        JsonNode n = parse(json);
        try {
            DeliveryStatus status = DeliveryStatus.valueOf(req(n, "status").toUpperCase(Locale.ROOT));
            return DeliveryReceipt.of(channel(n), req(n, "to"), status, opt(n, "msg_id").orElse(null),
                    opt(n, "correlation_id").orElse(null), Instant.parse(req(n, "timestamp")),
                    opt(n, "error").orElse(null));
        } catch (RuntimeException e) {
            throw malformed("delivery receipt", e);
        }
    }

    private JsonNode parse(String json) {
        try {
            JsonNode n = mapper.readTree(json);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("message payload must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message payload is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static IllegalArgumentException malformed(String what, RuntimeException e) {
        return e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("malformed")
                ? (IllegalArgumentException) e
                : new IllegalArgumentException("malformed " + what + ": " + e.getMessage(), e);
    }

    private static void channel(ObjectNode n, ChannelRef ref) {
        ObjectNode c = n.putObject("channel");
        c.put("kind", ref.kind());
        ref.instance().ifPresent(v -> c.put("instance", v));
    }

    private static ChannelRef channel(JsonNode n) {
        JsonNode c = n.path("channel");
        String kind = req(c, "kind");
        return opt(c, "instance").map(i -> ChannelRef.of(kind, i)).orElseGet(() -> ChannelRef.of(kind));
    }

    private static void media(ObjectNode n, Iterable<Attachment> attachments) {
        Iterator<Attachment> it = attachments.iterator();
        if (!it.hasNext()) {
            return;
        }
        ArrayNode arr = n.putArray("media");
        while (it.hasNext()) {
            Attachment a = it.next();
            ObjectNode o = arr.addObject();
            o.put("kind", a.kind().wireName());
            a.mimeType().ifPresent(v -> o.put("mime_type", v));
            a.sizeBytes().ifPresent(v -> o.put("size_bytes", v));
            a.fileName().ifPresent(v -> o.put("file_name", v));
            a.remoteId().ifPresent(v -> o.put("file_id", v));
            a.localPath().ifPresent(v -> o.put("local_path", v));
            a.url().ifPresent(v -> o.put("url", v));
            a.width().ifPresent(v -> o.put("width", v));
            a.height().ifPresent(v -> o.put("height", v));
            a.duration().ifPresent(v -> o.put("duration_s", v.toMillis() / 1000.0));
            a.caption().ifPresent(v -> o.put("caption", v));
            a.sha256().ifPresent(v -> o.put("sha256", v));
        }
    }

    private static Attachment attachment(JsonNode o) {
        Attachment.Builder b = Attachment.builder(MediaKind.fromWire(o.path("kind").asText("document")));
        opt(o, "mime_type").ifPresent(b::mimeType);
        if (o.hasNonNull("size_bytes")) {
            b.sizeBytes(o.get("size_bytes").asLong());
        }
        opt(o, "file_name").ifPresent(b::fileName);
        opt(o, "file_id").ifPresent(b::remoteId);
        opt(o, "local_path").ifPresent(b::localPath);
        opt(o, "url").ifPresent(b::url);
        if (o.hasNonNull("width") && o.hasNonNull("height")) {
            b.dimensions(o.get("width").asInt(), o.get("height").asInt());
        }
        if (o.hasNonNull("duration_s")) {
            b.duration(Duration.ofMillis(Math.round(o.get("duration_s").asDouble() * 1000)));
        }
        opt(o, "caption").ifPresent(b::caption);
        opt(o, "sha256").ifPresent(b::sha256);
        return b.build();
    }

    private static void extra(ObjectNode n, Map<String, String> extra) {
        if (!extra.isEmpty()) {
            ObjectNode e = n.putObject("extra");
            extra.forEach(e::put);
        }
    }

    private static Map<String, String> extra(JsonNode n) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        n.path("extra").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("malformed message: missing field '" + field + "'");
        }
        return v.asText();
    }

    private static Optional<String> opt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? Optional.empty() : Optional.of(v.asText());
    }
}

package dev.nexo.memory.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.message.ChannelRef;

/**
 * One memory per JSON line, for export/import and snapshots: the wire record fields plus
 * {@code tenant_id}, {@code source} and, in snapshots, {@code embedding} (base64 of little-endian
 * float32, so vectors round-trip bit for bit).
 */
final class Jsonl {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsonl() {
    }

    static String write(MemoryRecord r, float[] vector) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", r.id()).put("tenant_id", r.scope().tenantId()).put("agent_id", r.scope().agentId())
                .put("content", r.content());
        r.tags().forEach(o.putArray("tags")::add);
        r.conceptTags().forEach(o.putArray("concept_tags")::add);
        o.put("created_at", r.createdAt().toString());
        r.memoryType().ifPresent(t -> o.put("memory_type", t));
        MemorySource s = r.source();
        if (!s.equals(MemorySource.NONE)) {
            ObjectNode src = o.putObject("source");
            s.channelRef().ifPresent(c -> {
                src.put("channel", c.kind());
                c.instance().ifPresent(i -> src.put("instance", i));
            });
            putOpt(src, "chat_id", s.chatId());
            putOpt(src, "message_id", s.messageId());
            putOpt(src, "sender_id", s.senderId());
        }
        if (vector != null) {
            ByteBuffer b = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(vector);
            o.put("embedding", Base64.getEncoder().encodeToString(b.array()));
        }
        return o.toString();
    }

    private static void putOpt(ObjectNode o, String k, String v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    static SqliteMemoryStore.Entry read(String line) throws IOException {
        JsonNode o = JSON.readTree(line);
        MemoryScope scope = new MemoryScope(text(o, "tenant_id"), text(o, "agent_id"));
        MemoryRecord r = MemoryRecord.of(text(o, "id"), scope, text(o, "content"), strings(o.path("tags")),
                Instant.parse(text(o, "created_at"))).withConceptTags(strings(o.path("concept_tags")));
        if (o.hasNonNull("memory_type")) {
            r = r.withMemoryType(o.get("memory_type").asText());
        }
        JsonNode src = o.path("source");
        if (src.isObject()) {
            ChannelRef ch = src.hasNonNull("channel") ? ChannelRef.of(src.get("channel").asText(), opt(src, "instance")) : null;
            r = r.withSource(new MemorySource(ch, opt(src, "chat_id"), opt(src, "message_id"), opt(src, "sender_id")));
        }
        float[] vector = null;
        if (o.hasNonNull("embedding")) {
            byte[] bytes = Base64.getDecoder().decode(o.get("embedding").asText());
            vector = new float[bytes.length / 4];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        }
        return new SqliteMemoryStore.Entry(r, vector);
    }

    private static String text(JsonNode o, String k) throws IOException {
        if (!o.hasNonNull(k)) {
            throw new IOException("memory line has no " + k);
        }
        return o.get(k).asText();
    }

    private static String opt(JsonNode o, String k) {
        return o.hasNonNull(k) ? o.get(k).asText() : null;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package dev.nexo.core.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
    private static final ChannelRef TG = ChannelRef.of("telegram", "sales_bot");
    private final MessageJson json = new MessageJson();

    private static InboundMessage fullInbound() {
        return InboundMessage.builder(TG, "42", Sender.of("1194292426", "Ana", "ana_p"),
                        new Chat("-100200300", ChatType.GROUP, Optional.of("7"), Optional.of("Sales")))
                .text("hola")
                .replyTo("41")
                .sentAt(Instant.parse("2026-05-01T10:00:00Z"))
                .receivedAt(Instant.parse("2026-05-01T10:00:01Z"))
                .attachment(Attachment.builder(MediaKind.VOICE).mimeType("audio/ogg").remoteId("AwAD")
                        .duration(Duration.ofMillis(3500)).sizeBytes(2048).build())
                .location(new Location(-34.6, -58.4))
                .forward(new ForwardInfo("user", Optional.of("9"), Optional.empty(),
                        Optional.of(Instant.parse("2026-04-30T00:00:00Z"))))
                .extra("update_id", "1001")
                .build();
    }

    @Test
    void inboundRoundTripsExactly() {
        InboundMessage m = fullInbound();
        assertEquals(m, json.inbound(json.inbound(m)));
    }

    @Test
    void inboundUsesTheSeedFieldNames() throws Exception {
        JsonNode n = new ObjectMapper().readTree(json.inbound(fullInbound()));
        assertEquals("telegram", n.path("channel").path("kind").asText());
        assertEquals("42", n.path("msg_id").asText());
        assertEquals("1194292426", n.path("from").asText());
        assertEquals("ana_p", n.path("username").asText());
        assertEquals("group", n.path("chat_type").asText());
        assertTrue(n.path("is_group").asBoolean());
        assertEquals("41", n.path("reply_to").asText());
        assertEquals("voice", n.path("media").get(0).path("kind").asText());
        assertEquals("AwAD", n.path("media").get(0).path("file_id").asText());
        assertEquals(3.5, n.path("media").get(0).path("duration_s").asDouble());
        assertEquals(-34.6, n.path("latitude").asDouble());
    }

    @Test
    void outboundAndReceiptRoundTrip() {
        OutboundMessage out = OutboundMessage.builder(TG, "1194292426").text("*hi*").format(TextFormat.MARKDOWN)
                .replyTo("42").correlationId("c-1").threadId("7")
                .attachment(Attachment.builder(MediaKind.PHOTO).url("https://example.org/a.png").build()).build();
        assertEquals(out, json.outbound(json.outbound(out)));
        DeliveryReceipt sent = DeliveryReceipt.sent(out, "99", Instant.parse("2026-05-01T10:00:02Z"));
        assertEquals(sent, json.receipt(json.receipt(sent)));
        DeliveryReceipt failed = DeliveryReceipt.failed(out, "blocked by user", Instant.parse("2026-05-01T10:00:02Z"));
        DeliveryReceipt back = json.receipt(json.receipt(failed));
        assertEquals(DeliveryStatus.FAILED, back.status());
        assertEquals("blocked by user", back.failureReason().orElseThrow());
    }

    @Test
    void malformedPayloadsGetClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> json.outbound("{\"text\":1"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> json.outbound("{\"channel\":{\"kind\":\"telegram\",\"instance\":\"b\"},\"text\":\"x\"}"));
        assertTrue(e.getMessage().contains("'to'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> json.inbound("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> json.receipt("{\"channel\":{\"kind\":\"x\"},\"to\":\"a\","
                + "\"status\":\"exploded\",\"timestamp\":\"2026-05-01T10:00:02Z\"}"));
    }
}

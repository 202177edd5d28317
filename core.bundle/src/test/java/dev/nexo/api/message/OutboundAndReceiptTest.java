package dev.nexo.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboundAndReceiptTest {
    private static final ChannelRef WA = ChannelRef.of("whatsapp", "sales-line");
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @Test
    void buildsAndCopies() {
        OutboundMessage m = OutboundMessage.builder(WA, "+5491100").text("*hola*").format(TextFormat.MARKDOWN)
                .replyTo("wa.PREV").correlationId("c1").extra("whatsapp.preview", "false").build();
        assertEquals("plugin.outbound.whatsapp.sales-line", m.channel().outboundTopic());
        assertEquals(TextFormat.MARKDOWN, m.format());
        assertEquals(m, m.toBuilder().build());
        assertEquals(TextFormat.PLAIN, OutboundMessage.text(WA, "+1", "x").format());
    }

    @Test
    void needsRecipientAndContent() {
        assertThrows(IllegalArgumentException.class, () -> OutboundMessage.builder(WA, "+1").build());
        assertThrows(IllegalArgumentException.class, () -> OutboundMessage.text(WA, "", "x"));
        assertThrows(NullPointerException.class, () -> OutboundMessage.text(null, "+1", "x"));
        OutboundMessage mediaOnly = OutboundMessage.builder(WA, "+1")
                .attachment(Attachment.builder(MediaKind.DOCUMENT).localPath("q3.pdf").build()).build();
        assertEquals("", mediaOnly.text());
    }

    @Test
    void attachmentsMustBeLocatableAndSane() {
        assertThrows(IllegalArgumentException.class, () -> Attachment.builder(MediaKind.PHOTO).build());
        assertThrows(NullPointerException.class, () -> Attachment.builder(null).remoteId("x").build());
        assertThrows(IllegalArgumentException.class, () -> Attachment.builder(MediaKind.PHOTO).dimensions(0, 10));
        assertThrows(IllegalArgumentException.class, () -> Attachment.builder(MediaKind.PHOTO).sizeBytes(-1));
        Attachment a = Attachment.builder(MediaKind.PHOTO).url("https://x/y.png").dimensions(640, 480).build();
        assertEquals(640, a.width().getAsInt());
        assertTrue(a.sizeBytes().isEmpty());
        assertEquals(MediaKind.PHOTO, MediaKind.fromWire("image"));
        assertEquals(MediaKind.DOCUMENT, MediaKind.fromWire("hologram"));
    }

    @Test
    void receiptsFollowStatusRules() {
        OutboundMessage m = OutboundMessage.builder(WA, "+1").text("x").correlationId("c1").build();
        DeliveryReceipt sent = DeliveryReceipt.sent(m, "wa.1", T0);
        assertEquals(DeliveryStatus.SENT, sent.status());
        assertEquals(Optional.of("c1"), sent.correlationId());
        assertTrue(sent.failureReason().isEmpty());

        DeliveryReceipt failed = DeliveryReceipt.failed(m, "recipient_invalid", T0);
        assertEquals(Optional.of("recipient_invalid"), failed.failureReason());
        assertTrue(failed.messageId().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> DeliveryReceipt.failed(m, " ", T0));
        assertThrows(IllegalArgumentException.class, () -> DeliveryReceipt.sent(m, null, T0));

        DeliveryReceipt read = DeliveryReceipt.update(WA, "+1", "wa.1", DeliveryStatus.fromWire("read"), T0);
        assertTrue(read.status().isFinal());
        assertFalse(DeliveryStatus.DELIVERED.isFinal());
        assertThrows(IllegalArgumentException.class, () -> DeliveryStatus.fromWire("lost"));
    }

    @Test
    void channelRefs() {
        assertEquals("telegram", ChannelRef.of("telegram").toString());
        assertEquals("email:ops", ChannelRef.of("email", "ops").toString());
        assertEquals(ChannelRef.of("email", "ops"), ChannelRef.of("email", "ops"));
        assertFalse(ChannelRef.of("email").equals(ChannelRef.of("email", "ops")));
        assertEquals("plugin.delivery.email", ChannelRef.of("email").deliveryTopic());
        assertThrows(IllegalArgumentException.class, () -> ChannelRef.of("e mail"));
    }
}

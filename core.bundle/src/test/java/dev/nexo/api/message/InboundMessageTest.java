package dev.nexo.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundMessageTest {
    private static final ChannelRef TG = ChannelRef.of("telegram", "sales_bot");
    private static final Instant T0 = Instant.ofEpochSecond(1714000000);

    @Test
    void carriesTheTelegramShape() {
        Attachment voice = Attachment.builder(MediaKind.VOICE).remoteId("AgACAgEA").mimeType("audio/ogg")
                .duration(Duration.ofSeconds(3)).localPath("data/media/telegram/1.ogg").build();
        InboundMessage m = InboundMessage.builder(TG, "42", Sender.of("12345", "J Doe", "jdoe"),
                        Chat.of("-100", ChatType.fromWire("supergroup")))
                .text("hi").replyTo("41").attachment(voice).location(new Location(-34.6, -58.4))
                .sentAt(T0).receivedAt(T0.plusSeconds(1)).extra("telegram.update_id", "9").build();
        assertEquals("plugin.inbound.telegram.sales_bot", m.channel().inboundTopic());
        assertTrue(m.chat().isGroup());
        assertEquals(Optional.of("jdoe"), m.sender().username());
        assertEquals(Optional.of("41"), m.replyToMessageId());
        assertEquals(T0, m.sentAt());
        assertEquals(1, m.attachments().size());
        assertEquals(m, m.toBuilder().build());
        assertTrue(m.hasContent());
    }

    @Test
    void defaultsSentAtToReceivedAt() {
        InboundMessage m = InboundMessage.builder(TG, "1", Sender.of("u"), Chat.direct("u"))
                .receivedAt(T0).build();
        assertEquals(T0, m.sentAt());
        assertEquals("", m.text());
        assertFalse(m.hasContent());
    }

    @Test
    void rejectsMissingRequiredFields() {
        assertThrows(NullPointerException.class,
                () -> InboundMessage.builder(null, "1", Sender.of("u"), Chat.direct("u")).build());
        assertThrows(IllegalArgumentException.class,
                () -> InboundMessage.builder(TG, " ", Sender.of("u"), Chat.direct("u")).build());
        assertThrows(NullPointerException.class, () -> InboundMessage.builder(TG, "1", null, Chat.direct("u")).build());
        assertThrows(NullPointerException.class, () -> InboundMessage.builder(TG, "1", Sender.of("u"), null).build());
        assertThrows(IllegalArgumentException.class, () -> Sender.of(""));
        assertThrows(IllegalArgumentException.class, () -> Chat.direct(null));
        assertThrows(IllegalArgumentException.class, () -> new Location(91, 0));
        assertThrows(IllegalArgumentException.class, () -> new Location(0, Double.NaN));
    }

    @Test
    void isImmutable() {
        InboundMessage.Builder b = InboundMessage.builder(TG, "1", Sender.of("u"), Chat.direct("u")).extra("k", "v");
        InboundMessage m = b.build();
        b.extra("k2", "v2").attachment(Attachment.builder(MediaKind.PHOTO).remoteId("f").build());
        assertEquals(1, m.extra().size());
        assertTrue(m.attachments().isEmpty());
        assertThrows(UnsupportedOperationException.class, () -> m.extra().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> m.attachments().clear());
    }

    @Test
    void toStringHidesText() {
        InboundMessage m = InboundMessage.builder(TG, "1", Sender.of("u"), Chat.direct("u")).text("my pin is 9999").build();
        assertFalse(m.toString().contains("9999"));
    }
}

package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Location;
import dev.nexo.api.message.MediaKind;

class WebhookHandlerTest {
    @TempDir
    Path state;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        h = new Harness(state, Map.of("typing__mode", "never"));
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void verificationEchoesTheChallengeOnlyWithTheRightToken() {
        WebhookHandler.Reply ok = h.account.webhook().verify("subscribe", Harness.VERIFY_TOKEN, "1158201444");
        assertEquals(200, ok.status());
        assertEquals("1158201444", ok.body());
        assertEquals(403, h.account.webhook().verify("subscribe", "wrong", "1158201444").status());
        assertEquals(403, h.account.webhook().verify("subscribe", null, "1158201444").status());
        assertEquals(403, h.account.webhook().verify("unsubscribe", Harness.VERIFY_TOKEN, "1158201444").status());
        assertEquals(403, h.account.webhook().verify("subscribe", Harness.VERIFY_TOKEN, "<script>").status());
    }

    @Test
    void signedTextMessageIsPublishedAsInbound() {
        WebhookHandler.Reply reply = h.post(Webhooks.messages(Webhooks.text("wamid.A1", "hola"),
                Webhooks.message("wamid.A2", "text", "\"text\":{\"body\":\"again\"},\"context\":{\"from\":\"x\",\"id\":\"wamid.P\"}")));
        assertEquals(200, reply.status());
        assertEquals(2, h.gateway.inbound.size());
        InboundMessage m = h.gateway.inbound.get(0);
        assertEquals(ChannelRef.of("whatsapp", "personal"), m.channel());
        assertEquals("wamid.A1", m.messageId());
        assertEquals(Webhooks.CUSTOMER, m.sender().id());
        assertEquals("Kerry", m.sender().displayName().orElseThrow());
        assertEquals(Webhooks.CUSTOMER, m.chat().id());
        assertEquals("hola", m.text());
        assertEquals(Instant.ofEpochSecond(1714000000), m.sentAt());
        assertEquals("wamid.P", h.gateway.inbound.get(1).replyToMessageId().orElseThrow());
    }

    @Test
    void mediaLocationReactionAndInteractiveRepliesAreMapped() {
        h.post(Webhooks.messages(
                Webhooks.message("wamid.I", "image", "\"image\":{\"caption\":\"look\",\"mime_type\":\"image/jpeg\",\"sha256\":\"abc\",\"id\":\"M1\"}"),
                Webhooks.message("wamid.V", "audio", "\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\",\"sha256\":\"d\",\"id\":\"M2\",\"voice\":true}"),
                Webhooks.message("wamid.D", "document", "\"document\":{\"filename\":\"q.pdf\",\"mime_type\":\"application/pdf\",\"sha256\":\"e\",\"id\":\"M3\"}"),
                Webhooks.message("wamid.L", "location", "\"location\":{\"latitude\":4.6,\"longitude\":-74.08,\"name\":\"Office\",\"address\":\"Cra 7\"}"),
                Webhooks.message("wamid.R", "reaction", "\"reaction\":{\"message_id\":\"wamid.OUT1\",\"emoji\":\"\\uD83D\\uDC4D\"}"),
                Webhooks.message("wamid.B", "interactive", "\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"yes\",\"title\":\"Yes\"}}"),
                Webhooks.message("wamid.T", "interactive", "\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"row2\",\"title\":\"Tuesday\",\"description\":\"d\"}}")));
        List<InboundMessage> in = h.gateway.inbound;
        assertEquals(7, in.size());
        Attachment image = in.get(0).attachments().get(0);
        assertEquals(MediaKind.PHOTO, image.kind());
        assertEquals("M1", image.remoteId().orElseThrow());
        assertEquals("image/jpeg", image.mimeType().orElseThrow());
        assertEquals("look", in.get(0).text());
        assertEquals(MediaKind.VOICE, in.get(1).attachments().get(0).kind());
        assertEquals("q.pdf", in.get(2).attachments().get(0).fileName().orElseThrow());
        assertEquals(new Location(4.6, -74.08), in.get(3).location().orElseThrow());
        assertEquals("\uD83D\uDC4D", in.get(4).text());
        assertEquals("wamid.OUT1", in.get(4).extra().get("whatsapp.reaction_to"));
        assertEquals("Yes", in.get(5).text());
        assertEquals("yes", in.get(5).extra().get("whatsapp.interactive_id"));
        assertEquals("row2", in.get(6).extra().get("whatsapp.interactive_id"));
    }

    @Test
    void statusCallbacksBecomeDeliveryReceipts() {
        h.post(Webhooks.statuses(Webhooks.status("wamid.O1", "sent", ""), Webhooks.status("wamid.O1", "delivered", ""),
                Webhooks.status("wamid.O1", "read", ""), Webhooks.status("wamid.O2", "failed",
                        ",\"errors\":[{\"code\":131026,\"title\":\"Message undeliverable\"}]")));
        List<DeliveryReceipt> r = h.gateway.receipts;
        assertEquals(List.of(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ, DeliveryStatus.FAILED),
                r.stream().map(DeliveryReceipt::status).toList());
        assertEquals("wamid.O1", r.get(1).messageId().orElseThrow());
        assertEquals(Webhooks.CUSTOMER, r.get(1).recipient());
        assertEquals("whatsapp error 131026: Message undeliverable", r.get(3).failureReason().orElseThrow());
        assertTrue(h.gateway.inbound.isEmpty());
    }

    @Test
    void wrongOrMissingSignatureAndMalformedBodiesAreRejectedWithNothingPublished() {
        byte[] body = Webhooks.messages(Webhooks.text("wamid.X", "hi")).getBytes(StandardCharsets.UTF_8);
        String forged = new Signatures("another-secret").header(body);
        assertEquals(401, h.account.webhook().notify(body, forged).status());
        assertEquals(401, h.account.webhook().notify(body, null).status());
        assertEquals(401, h.account.webhook().notify(body, "sha256=zz").status());
        assertEquals(401, h.account.webhook().notify(body, new Signatures(Harness.APP_SECRET).header(body).substring(7)).status());
        assertEquals(400, h.post("{\"object\":\"whatsapp_business_account\",\"entry\":[").status());
        assertEquals(400, h.post("[1,2]").status());
        assertEquals(400, h.post("").status());
        assertTrue(h.gateway.inbound.isEmpty());
        assertTrue(h.gateway.receipts.isEmpty());
    }

    @Test
    void replayedMessageIdsArePublishedOnce() {
        String body = Webhooks.messages(Webhooks.text("wamid.R1", "hi"));
        assertEquals(200, h.post(body).status());
        assertEquals(200, h.post(body).status());
        assertEquals(200, h.post(Webhooks.messages(Webhooks.text("wamid.R1", "hi"), Webhooks.text("wamid.R1", "hi"))).status());
        assertEquals(1, h.gateway.inbound.size());
    }

    @Test
    void replayProtectionSurvivesARestart() throws Exception {
        String body = Webhooks.messages(Webhooks.text("wamid.S1", "hi"));
        h.post(body);
        try (Harness again = new Harness(state, Map.of("typing__mode", "never"))) {
            assertEquals(200, again.post(body).status());
            assertTrue(again.gateway.inbound.isEmpty(), "a restarted account must remember processed ids");
        }
    }

    @Test
    void brokerFailureIsNotAcknowledgedAndTheRedeliveryIsPublished() {
        String body = Webhooks.messages(Webhooks.text("wamid.F1", "hi"));
        h.gateway.failing = true;
        assertEquals(503, h.post(body).status());
        h.gateway.failing = false;
        assertEquals(200, h.post(body).status());
        assertEquals(1, h.gateway.inbound.size());
    }

    @Test
    void otherPhoneNumbersAndOwnEchoesAreNotPublished() {
        h.post(Webhooks.envelope("999999", "\"messages\":[" + Webhooks.text("wamid.O", "not ours") + "]"));
        h.post(Webhooks.messages(Webhooks.message(Webhooks.OWN_NUMBER, "wamid.E", "text", "\"text\":{\"body\":\"echo\"}")));
        assertTrue(h.gateway.inbound.isEmpty());
    }

    @Test
    void aclAllowListDropsOtherSenders() throws Exception {
        try (Harness acl = new Harness(state.resolve("acl"), Map.of("typing__mode", "never",
                "acl_allow__list", new String[] { "+57 300 000 0000" }, "env", "16315551234@s.whatsapp.net"))) {
            acl.post(Webhooks.messages(Webhooks.text("wamid.1", "allowed by env"),
                    Webhooks.message("573000000000", "wamid.2", "text", "\"text\":{\"body\":\"allowed by list\"}"),
                    Webhooks.message("4915100000000", "wamid.3", "text", "\"text\":{\"body\":\"stranger\"}")));
            assertEquals(List.of("wamid.1", "wamid.2"), acl.gateway.inbound.stream().map(InboundMessage::messageId).toList());
        }
    }
}

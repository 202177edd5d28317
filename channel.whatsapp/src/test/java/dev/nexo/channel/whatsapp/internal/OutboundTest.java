package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;

class OutboundTest {
    static final ChannelRef REF = ChannelRef.of("whatsapp", "personal");
    static final String TO = Webhooks.CUSTOMER;

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

    /** The customer writes first: that opens the 24-hour window. */
    void customerWrites() {
        assertEquals(200, h.post(Webhooks.messages(Webhooks.text("wamid.IN" + System.nanoTime(), "hi"))).status());
    }

    DeliveryReceipt send(OutboundMessage m) throws Exception {
        return h.account.send(m).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    ChannelException failure(OutboundMessage m) {
        CompletionException e = assertThrows(CompletionException.class, () -> h.account.send(m).toCompletableFuture().join());
        return Retry.unwrap(e);
    }

    @Test
    void textIsPostedWithBearerTokenAndDocumentedJson() throws Exception {
        customerWrites();
        DeliveryReceipt r = send(OutboundMessage.builder(REF, "+" + TO).text("hello").replyTo("wamid.IN1")
                .correlationId("corr-1").build());
        assertEquals(DeliveryStatus.SENT, r.status());
        assertEquals("wamid.N1", r.messageId().orElseThrow());
        assertEquals("corr-1", r.correlationId().orElseThrow());
        FakeGraphApi.Request req = h.graph.to("/messages").get(0);
        assertEquals("POST", req.method());
        assertEquals("Bearer " + FakeGraphApi.TOKEN, req.headers().getFirst("Authorization"));
        assertEquals("application/json", req.headers().getFirst("Content-Type"));
        JsonNode body = req.json();
        assertEquals("whatsapp", body.path("messaging_product").asText());
        assertEquals("individual", body.path("recipient_type").asText());
        assertEquals(TO, body.path("to").asText());
        assertEquals("text", body.path("type").asText());
        assertEquals("hello", body.path("text").path("body").asText());
        assertEquals("wamid.IN1", body.path("context").path("message_id").asText());
    }

    @Test
    void mediaByLinkAndByUploadedFile() throws Exception {
        customerWrites();
        send(OutboundMessage.builder(REF, TO).text("the menu")
                .attachment(Attachment.builder(MediaKind.PHOTO).url("https://example.org/menu.jpg").build()).build());
        JsonNode byLink = h.graph.to("/messages").get(0).json();
        assertEquals("image", byLink.path("type").asText());
        assertEquals("https://example.org/menu.jpg", byLink.path("image").path("link").asText());
        assertEquals("the menu", byLink.path("image").path("caption").asText());

        byte[] pdf = "%PDF-1.4 test".getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(state.resolve("data/workspace/ana"));
        Files.write(state.resolve("data/workspace/ana/quote.pdf"), pdf);
        DeliveryReceipt r = send(OutboundMessage.builder(REF, TO).attachment(Attachment.builder(MediaKind.DOCUMENT)
                .localPath("data/workspace/ana/quote.pdf").fileName("quote.pdf").mimeType("application/pdf").build()).build());
        FakeGraphApi.Request upload = h.graph.to("/media").get(0);
        assertEquals("Bearer " + FakeGraphApi.TOKEN, upload.headers().getFirst("Authorization"));
        String contentType = upload.headers().getFirst("Content-Type");
        assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
        String multipart = new String(upload.body(), StandardCharsets.ISO_8859_1);
        String boundary = contentType.substring(contentType.indexOf('=') + 1);
        assertTrue(multipart.contains("--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"), multipart);
        assertTrue(multipart.contains("name=\"type\"\r\n\r\napplication/pdf\r\n"), multipart);
        assertTrue(multipart.contains("name=\"file\"; filename=\"quote.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--" + boundary + "--"), multipart);
        JsonNode byId = h.graph.to("/messages").get(1).json();
        assertEquals("document", byId.path("type").asText());
        assertEquals("media-2", byId.path("document").path("id").asText());
        assertEquals("quote.pdf", byId.path("document").path("filename").asText());
        assertEquals("wamid.N3", r.messageId().orElseThrow());
    }

    @Test
    void filesOutsideTheDataAreaAreNeverUploaded() throws Exception {
        customerWrites();
        Files.writeString(state.resolve("connection.key"), "secret-admin-key");
        Files.createDirectories(state.resolve("data"));
        for (String path : new String[] { "connection.key", "data/../connection.key",
                state.resolve("connection.key").toString(), "data/missing.pdf" }) {
            ChannelException e = failure(OutboundMessage.builder(REF, TO).attachment(Attachment.builder(MediaKind.DOCUMENT)
                    .localPath(path).mimeType("text/plain").build()).build());
            assertEquals(ChannelErrorCode.FAILED, e.code(), path);
        }
        assertTrue(h.graph.to("/media").isEmpty());
        assertTrue(h.graph.to("/messages").isEmpty());
    }

    @Test
    void reactionsReactToTheQuotedMessage() throws Exception {
        customerWrites();
        send(OutboundMessage.builder(REF, TO).text("\u2764").replyTo("wamid.IN9").extra("whatsapp.reaction", "\u2764").build());
        JsonNode body = h.graph.to("/messages").get(0).json();
        assertEquals("reaction", body.path("type").asText());
        assertEquals("wamid.IN9", body.path("reaction").path("message_id").asText());
        assertEquals("\u2764", body.path("reaction").path("emoji").asText());
    }

    @Test
    void sendOutsideTheCustomerServiceWindowIsRefusedAndNothingIsPosted() {
        ChannelException never = failure(OutboundMessage.text(REF, TO, "hello"));
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, never.code());
        assertTrue(never.getMessage().contains("outside the 24-hour customer-service window"), never.getMessage());
        customerWrites();
        h.clock.now = h.clock.now.plus(Duration.ofHours(24)).plusSeconds(1);
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, failure(OutboundMessage.text(REF, TO, "too late")).code());
        assertTrue(h.graph.to("/messages").isEmpty());
    }

    @Test
    void templatesMayBeSentOutsideTheWindow() throws Exception {
        send(OutboundMessage.builder(REF, TO).text("Ana").extra("whatsapp.template", "appointment_reminder")
                .extra("whatsapp.template_language", "es").build());
        JsonNode body = h.graph.to("/messages").get(0).json();
        assertEquals("template", body.path("type").asText());
        assertEquals("appointment_reminder", body.path("template").path("name").asText());
        assertEquals("es", body.path("template").path("language").path("code").asText());
        assertEquals("Ana", body.path("template").path("components").path(0).path("parameters").path(0).path("text").asText());
    }

    @Test
    void retryableGraphErrorIsRetriedOnceAfterRetryAfter() throws Exception {
        customerWrites();
        h.graph.script("/messages", 429, FakeGraphApi.error(130429, "Rate limit hit", false), Map.of("Retry-After", "3"));
        DeliveryReceipt r = send(OutboundMessage.text(REF, TO, "hello"));
        assertEquals(DeliveryStatus.SENT, r.status());
        assertEquals(2, h.graph.to("/messages").size());
        assertEquals(List.of(Duration.ofSeconds(3)), h.retryDelays);
    }

    @Test
    void transientErrorTwiceFailsAfterExactlyOneRetry() {
        customerWrites();
        h.graph.script("/messages", 503, FakeGraphApi.error(131016, "Service unavailable", true), Map.of());
        h.graph.script("/messages", 503, FakeGraphApi.error(131016, "Service unavailable", true), Map.of());
        ChannelException e = failure(OutboundMessage.text(REF, TO, "hello"));
        assertEquals(ChannelErrorCode.UNAVAILABLE, e.code());
        assertEquals(2, h.graph.to("/messages").size());
        assertEquals(1, h.retryDelays.size());
    }

    @Test
    void permanentGraphErrorFailsAtOnceWithTheApiMessage() {
        customerWrites();
        h.graph.script("/messages", 400, FakeGraphApi.error(131026, "Message Undeliverable.", false), Map.of());
        ChannelException e = failure(OutboundMessage.text(REF, TO, "hello"));
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, e.code());
        assertTrue(e.getMessage().contains("Graph API error 131026: Message Undeliverable."), e.getMessage());
        assertEquals(1, h.graph.to("/messages").size());
        assertTrue(h.retryDelays.isEmpty());
    }

    @Test
    void rejectedTokenMarksTheAccountCredentialsExpired() {
        customerWrites();
        h.graph.script("/messages", 401, FakeGraphApi.error(190, "Error validating access token", false), Map.of());
        assertEquals(ChannelErrorCode.AUTHENTICATION_FAILED, failure(OutboundMessage.text(REF, TO, "hello")).code());
        assertEquals("CREDENTIALS_EXPIRED", h.account.health().state().name());
        assertTrue(h.broker.published.stream().anyMatch(e -> e.payload().contains("\"credentials_expired\"")
                && e.topic().equals("plugin.inbound.whatsapp.personal")));
    }

    @Test
    void anAccountNeverSendsAsAnother() {
        customerWrites();
        ChannelException e = failure(OutboundMessage.text(ChannelRef.of("whatsapp", "business"), TO, "hello"));
        assertTrue(e.getMessage().contains("never sends as another"), e.getMessage());
        assertTrue(h.graph.to("/messages").isEmpty());
    }
}

package dev.nexo.channel.whatsapp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.event.Event;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;

/** Reply deadline, typing indicator, account check and lifecycle events. */
class AccountBehaviourTest {
    @TempDir
    Path state;

    @Test
    void replyDeadlinePublishesBridgeTimeoutAndSendsTheApology() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never", "bridge_on__timeout", "apology_text",
                "bridge_response__timeout__ms", 5000L))) {
            h.post(Webhooks.messages(Webhooks.text("wamid.Q1", "are you there?")));
            assertEquals(Duration.ofSeconds(5), h.timer.delays.get(0));
            h.timer.fireAll();
            Event timeout = h.broker.published.stream().filter(e -> e.payload().contains("bridge_timeout")).findFirst()
                    .orElseThrow(() -> new AssertionError("no bridge_timeout event: " + h.broker.published));
            assertEquals("plugin.inbound.whatsapp.personal", timeout.topic());
            JsonNode payload = GraphApi.JSON.readTree(timeout.payload());
            assertEquals("wamid.Q1", payload.path("msg_id").asText());
            assertEquals(5000, payload.path("waited_ms").asLong());
            assertEquals("bridge_timeout", timeout.header(Lifecycle.HEADER).orElseThrow());
            await(() -> h.graph.to("/messages").size() == 1);
            JsonNode apology = h.graph.to("/messages").get(0).json();
            assertTrue(apology.path("text").path("body").asText().startsWith("Sorry"), apology.toString());
            assertEquals("wamid.Q1", apology.path("context").path("message_id").asText());
        }
    }

    @Test
    void anAnswerInTimeCancelsTheDeadline() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never"))) {
            h.post(Webhooks.messages(Webhooks.text("wamid.Q2", "hi")));
            assertEquals(1, h.account.deadline().pending());
            h.account.send(OutboundMessage.text(ChannelRef.of("whatsapp", "personal"), Webhooks.CUSTOMER, "hello"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(0, h.account.deadline().pending());
            h.timer.fireAll();
            assertTrue(h.broker.published.stream().noneMatch(e -> e.payload().contains("bridge_timeout")));
        }
    }

    @Test
    void instantTypingMarksTheMessageReadWithTheTypingIndicator() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "instant"))) {
            h.post(Webhooks.messages(Webhooks.text("wamid.T1", "hi")));
            await(() -> h.graph.to("/messages").size() == 1);
            JsonNode read = h.graph.to("/messages").get(0).json();
            assertEquals("read", read.path("status").asText());
            assertEquals("wamid.T1", read.path("message_id").asText());
            assertEquals("text", read.path("typing_indicator").path("type").asText());
        }
    }

    @Test
    void neverTypingSendsNothing() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never"))) {
            h.post(Webhooks.messages(Webhooks.text("wamid.T2", "hi")));
            h.account.check().toCompletableFuture().get(10, TimeUnit.SECONDS); // a later request, to order after any stray one
            assertTrue(h.graph.to("/messages").isEmpty());
        }
    }

    @Test
    void accountCheckConnectsOrReportsExpiredCredentials() throws Exception {
        try (Harness ok = new Harness(state)) {
            assertEquals(ChannelState.STARTING, ok.account.health().state());
            assertEquals(ChannelState.CONNECTED, ok.account.check().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(ok.graph.requests.get(0).path().endsWith("?fields=display_phone_number,verified_name"));
            assertTrue(ok.broker.published.stream().anyMatch(e -> e.payload().equals("{\"kind\":\"connected\"}")));
        }
        try (Harness bad = new Harness(state.resolve("b"), Map.of("cloud_access__token", "revoked"))) {
            assertEquals(ChannelState.CREDENTIALS_EXPIRED, bad.account.check().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(bad.account.health().detail().contains("rejected the access token"));
            assertTrue(bad.broker.published.stream().anyMatch(e -> e.payload().equals("{\"kind\":\"credentials_expired\"}")));
        }
    }

    @Test
    void healthReportsTrafficTimes() throws Exception {
        try (Harness h = new Harness(state, Map.of("typing__mode", "never"))) {
            assertTrue(h.account.health().lastInboundAt().isEmpty());
            h.post(Webhooks.messages(Webhooks.text("wamid.H1", "hi")));
            assertEquals(Instant.parse("2024-04-25T00:00:00Z"), h.account.health().lastInboundAt().orElseThrow());
        }
    }

    @Test
    void countersFollowTrafficAndLeaveWithTheAccount() throws Exception {
        Harness h = new Harness(state, Map.of("typing__mode", "never"));
        try {
            h.post(Webhooks.messages(Webhooks.text("wamid.C1", "hi")));
            h.account.send(OutboundMessage.text(ChannelRef.of("whatsapp", "personal"), Webhooks.CUSTOMER, "hello"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            h.account.send(OutboundMessage.text(ChannelRef.of("whatsapp", "personal"), "4915100000000", "cold"))
                    .toCompletableFuture().handle((r, e) -> null).get(10, TimeUnit.SECONDS);
            assertEquals(1.0, h.meters.get("nexo.whatsapp.inbound.messages").tag("instance", "personal").counter().count());
            assertEquals(1.0, h.meters.get("nexo.whatsapp.sends").tag("outcome", "sent").counter().count());
            assertEquals(1.0, h.meters.get("nexo.whatsapp.sends").tag("outcome", "recipient_invalid").counter().count());
            assertEquals("accepted", WebhookServlet.outcome(200));
            assertEquals("bad_signature", WebhookServlet.outcome(401));
        } finally {
            h.close();
        }
        assertTrue(h.meters.getMeters().isEmpty(), "meters left behind: " + h.meters.getMeters());
    }

    /** Polls for an effect of an asynchronous HTTP call (the typing indicator is fire-and-forget). */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}

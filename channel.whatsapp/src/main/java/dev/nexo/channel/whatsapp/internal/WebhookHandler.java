package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;

/**
 * The webhook's logic without the servlet: the verification handshake and signed POSTs. A POST is
 * acknowledged (200) only after the broker accepted every new message, so Meta redelivers on
 * failure (503); message ids already processed are skipped, so a redelivery publishes nothing twice.
 */
final class WebhookHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    /** How long a POST waits for media downloads and the broker before answering 503 (Meta retries). */
    static final Duration PUBLISH_WAIT = Duration.ofSeconds(20);

    /** An HTTP answer: status, content type and body. */
    record Reply(int status, String contentType, String body) {
        static Reply json(int status, String code, String message) {
            return new Reply(status, "application/json",
                    "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
        }
    }

    private final Signatures signatures;
    private final byte[] verifyToken;
    private final WebhookParser parser;
    private final AccountState state;
    private final Acl acl;
    private final ChannelGateway gateway;
    private final Function<InboundMessage, CompletionStage<InboundMessage>> enrich;
    private final Consumer<InboundMessage> onAccepted;
    private final Clock clock;

    /**
     * @param enrich completes a message before it is published (media download); may not fail
     * @param onAccepted told about each message the broker accepted (typing indicator, reply deadline)
     */
    WebhookHandler(Signatures signatures, String verifyToken, WebhookParser parser, AccountState state, Acl acl,
            ChannelGateway gateway, Function<InboundMessage, CompletionStage<InboundMessage>> enrich,
            Consumer<InboundMessage> onAccepted, Clock clock) {
        this.signatures = signatures;
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
        this.parser = parser;
        this.state = state;
        this.acl = acl;
        this.gateway = gateway;
        this.enrich = enrich;
        this.onAccepted = onAccepted;
        this.clock = clock;
    }

    /** The subscription handshake: echo {@code hub.challenge} only for the right mode and token. */
    Reply verify(String mode, String token, String challenge) {
        boolean tokenOk = token != null && verifyToken.length > 0
                && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8));
        // the challenge is echoed verbatim, so only plain tokens are echoed (no reflected markup)
        if ("subscribe".equals(mode) && tokenOk && challenge != null && challenge.matches("[A-Za-z0-9._-]{1,256}")) {
            return new Reply(200, "text/plain", challenge);
        }
        LOG.warn("refused a webhook verification with {}", tokenOk ? "a bad mode or no challenge" : "a wrong verify token");
        return Reply.json(403, "forbidden", "verification refused");
    }

    /** A notification: check the signature, parse, publish, then acknowledge. */
    Reply notify(byte[] body, String signature) {
        if (!signatures.verify(body, signature)) {
            LOG.warn("rejected a webhook POST with {} signature", signature == null ? "no" : "a wrong");
            return Reply.json(401, "bad_signature", "missing or wrong X-Hub-Signature-256");
        }
        WebhookParser.Batch batch;
        try {
            JsonNode root = GraphApi.JSON.readTree(body);
            if (root == null) {
                throw new IOException("empty body");
            }
            batch = parser.parse(root, clock.instant());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("rejected a malformed webhook body: {}", e.getMessage());
            return Reply.json(400, "malformed", "not a WhatsApp webhook body");
        }
        return publish(batch);
    }

    private Reply publish(WebhookParser.Batch batch) {
        List<InboundMessage> fresh = new ArrayList<>();
        List<CompletableFuture<Void>> stages = new ArrayList<>();
        // media downloads run in parallel, but messages reach the broker one after another, in webhook order
        CompletableFuture<Void> inOrder = CompletableFuture.completedFuture(null);
        for (InboundMessage m : batch.messages()) {
            if (state.seen(m.messageId()) || fresh.stream().anyMatch(f -> f.messageId().equals(m.messageId()))) {
                LOG.debug("skipping redelivered message {}", m.messageId());
            } else if (!acl.admits(m.sender().id())) {
                LOG.debug("dropping message {} from a sender outside the allow-list", m.messageId());
            } else {
                fresh.add(m);
                CompletableFuture<InboundMessage> enriched = enrich.apply(m).toCompletableFuture();
                inOrder = inOrder.thenCompose(previous -> enriched).thenCompose(gateway::inbound);
            }
        }
        stages.add(inOrder);
        for (DeliveryReceipt r : batch.receipts()) {
            stages.add(gateway.delivery(r).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                    .get(PUBLISH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.json(503, "unavailable", "interrupted");
        } catch (Exception e) {
            LOG.warn("webhook not acknowledged, the broker did not accept its events: {}", e.toString());
            return Reply.json(503, "unavailable", "events not accepted, retry later");
        }
        Instant now = clock.instant();
        for (InboundMessage m : fresh) {
            state.accepted(m.messageId(), m.sender().id(), m.sentAt().isAfter(now) ? now : m.sentAt());
            onAccepted.accept(m);
        }
        return new Reply(200, "application/json", "{\"ok\":true}");
    }
}

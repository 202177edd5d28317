package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;

/**
 * Sends one {@link OutboundMessage} through the Cloud API: refuses messages for another account,
 * enforces the 24-hour customer-service window (outside it only templates go out), uploads local
 * files, and sends text, media (one Graph message per attachment; the text becomes the first
 * caption where the type takes one), reactions and templates. Completes with a SENT receipt
 * carrying the first Graph message id.
 */
final class CloudSender {
    private final ChannelRef channel;
    private final GraphApi api;
    private final Retry retry;
    private final AccountState state;
    private final Path stateRoot;
    private final Clock clock;

    CloudSender(ChannelRef channel, GraphApi api, Retry retry, AccountState state, Path stateRoot, Clock clock) {
        this.channel = channel;
        this.api = api;
        this.retry = retry;
        this.state = state;
        this.stateRoot = stateRoot;
        this.clock = clock;
    }

    CompletionStage<DeliveryReceipt> send(OutboundMessage m) {
        if (!channel.equals(m.channel())) {
            return refuse(ChannelErrorCode.FAILED, "message for " + m.channel() + " refused by " + channel
                    + ": an account never sends as another");
        }
        if (m.extra().containsKey(OutboundMapper.TEMPLATE)) {
            return post(OutboundMapper.template(m)).thenApply(id -> DeliveryReceipt.sent(m, id, clock.instant()));
        }
        if (state.windowClosesAt(Acl.normalise(m.recipient())).isEmpty()) {
            return refuse(ChannelErrorCode.RECIPIENT_INVALID, "outside the 24-hour customer-service window for "
                    + m.recipient() + " (the customer has not written within it); only a template message "
                    + "(extra whatsapp.template) may be sent");
        }
        CompletionStage<String> first;
        if (m.extra().containsKey(OutboundMapper.REACTION)) {
            if (m.replyToMessageId().isEmpty()) {
                return refuse(ChannelErrorCode.FAILED, "a reaction needs the message id it reacts to");
            }
            first = post(OutboundMapper.reaction(m));
        } else if (m.attachments().isEmpty()) {
            first = post(OutboundMapper.text(m, m.text()));
        } else {
            first = media(m);
        }
        return first.thenApply(id -> DeliveryReceipt.sent(m, id, clock.instant()));
    }

    private CompletionStage<String> media(OutboundMessage m) {
        List<Attachment> all = m.attachments();
        boolean captioned = !m.text().isEmpty() && OutboundMapper.takesCaption(OutboundMapper.graphType(all.get(0)));
        CompletionStage<String> first = !m.text().isEmpty() && !captioned
                ? post(OutboundMapper.text(m, m.text()))
                : CompletableFuture.completedFuture(null);
        for (int i = 0; i < all.size(); i++) {
            Attachment a = all.get(i);
            String caption = a.caption().orElse(i == 0 && captioned ? m.text() : null);
            first = first.thenCompose(firstId -> sendOne(m, a, caption).thenApply(id -> firstId == null ? id : firstId));
        }
        return first;
    }

    private CompletionStage<String> sendOne(OutboundMessage m, Attachment a, String caption) {
        if (a.remoteId().isPresent() || a.url().isPresent()) {
            return post(OutboundMapper.media(m, a, null, caption));
        }
        Path file;
        try {
            file = dataFile(a.localPath().orElseThrow());
        } catch (ChannelException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        String mime = a.mimeType().orElse("application/octet-stream");
        return retry.call(() -> api.uploadMedia(file, mime))
                .thenCompose(mediaId -> post(OutboundMapper.media(m, a, mediaId, caption)));
    }

    /**
     * Files to upload must lie inside {@code <state root>/data/} (media, agent workspaces), checked
     * on the real path: an agent's {@code whatsapp_send_media} must not be able to send the
     * connection-key or any other file of the host.
     */
    private Path dataFile(String localPath) {
        Path data = stateRoot.resolve("data").toAbsolutePath().normalize();
        Path file = data.getParent().resolve(localPath).toAbsolutePath().normalize();
        try {
            Path real = file.toRealPath();
            if (real.startsWith(data.toRealPath()) && Files.isRegularFile(real)) {
                return real;
            }
        } catch (IOException missing) {
            throw new ChannelException(ChannelErrorCode.FAILED, "attachment file not found: " + file.getFileName());
        }
        throw new ChannelException(ChannelErrorCode.FAILED,
                "attachment file is outside the data area (<state root>/data/): " + file.getFileName());
    }

    /** Marks an inbound message read, with the typing indicator when asked. */
    CompletionStage<Void> markRead(String messageId, boolean typing) {
        return api.postMessage(OutboundMapper.markRead(messageId, typing)).thenApply(ignored -> null);
    }

    private CompletionStage<String> post(ObjectNode body) {
        return retry.call(() -> api.postMessage(body)).thenApply(CloudSender::messageId);
    }

    private static String messageId(JsonNode response) {
        String id = response.path("messages").path(0).path("id").asText("");
        if (id.isEmpty()) {
            throw new ChannelException(ChannelErrorCode.FAILED, "Graph API accepted the message without an id");
        }
        return id;
    }

    private static <T> CompletionStage<T> refuse(ChannelErrorCode code, String why) {
        return CompletableFuture.failedFuture(new ChannelException(code, why));
    }
}

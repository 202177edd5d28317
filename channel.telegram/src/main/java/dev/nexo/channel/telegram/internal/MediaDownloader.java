package dev.nexo.channel.telegram.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.InboundMessage;

/**
 * Downloads inbound media ({@code getFile}, then the file URL) under
 * {@code <state root>/data/telegram/<instance>/media/}, so agents and transcribers can read it, and
 * fills in each attachment's local path. A file that is too large or fails to download keeps its
 * {@code file_id} only: the message still goes through.
 */
final class MediaDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MediaDownloader.class);

    private final BotApi api;
    private final Path dir;
    private final long maxBytes;

    MediaDownloader(BotApi api, Path dir, long maxBytes) {
        this.api = api;
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    CompletableFuture<InboundMessage> localize(InboundMessage m) {
        if (m.attachments().isEmpty()) {
            return CompletableFuture.completedFuture(m);
        }
        List<CompletableFuture<Attachment>> all = new ArrayList<>();
        for (Attachment a : m.attachments()) {
            all.add(fetch(a));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
            InboundMessage.Builder fresh = InboundMessage.builder(m.channel(), m.messageId(), m.sender(), m.chat())
                    .text(m.text()).replyTo(m.replyToMessageId().orElse(null)).location(m.location().orElse(null))
                    .forward(m.forward().orElse(null)).sentAt(m.sentAt()).receivedAt(m.receivedAt());
            m.extra().forEach(fresh::extra);
            all.forEach(f -> fresh.attachment(f.join()));
            return fresh.build();
        });
    }

    private CompletableFuture<Attachment> fetch(Attachment a) {
        if (a.remoteId().isEmpty() || a.sizeBytes().orElse(0) > maxBytes) {
            return CompletableFuture.completedFuture(a);
        }
        String fileId = a.remoteId().get();
        return api.call("getFile", BotApi.params().put("file_id", fileId)).thenCompose(file -> {
            String path = file.path("file_path").asText("");
            if (path.isEmpty() || file.path("file_size").asLong(0) > maxBytes) {
                return CompletableFuture.completedFuture(a);
            }
            String unique = file.path("file_unique_id").asText(Integer.toHexString(fileId.hashCode()));
            int dot = path.lastIndexOf('.');
            String ext = dot >= 0 && path.length() - dot <= 6 ? path.substring(dot).replaceAll("[^A-Za-z0-9.]", "") : "";
            Path target = dir.resolve(unique.replaceAll("[^A-Za-z0-9_-]", "_") + ext);
            return api.download(path, target).thenApply(p -> withLocalPath(a, p.toString()));
        }).exceptionally(e -> {
            LOG.warn("could not download a {} attachment: {}", a.kind().wireName(), e.getMessage());
            return a;
        });
    }

    static Attachment withLocalPath(Attachment a, String localPath) {
        Attachment.Builder b = Attachment.builder(a.kind()).localPath(localPath)
                .mimeType(a.mimeType().orElse(null)).fileName(a.fileName().orElse(null))
                .remoteId(a.remoteId().orElse(null)).url(a.url().orElse(null)).duration(a.duration().orElse(null))
                .caption(a.caption().orElse(null)).sha256(a.sha256().orElse(null));
        a.sizeBytes().ifPresent(b::sizeBytes);
        if (a.width().isPresent() && a.height().isPresent()) {
            b.dimensions(a.width().getAsInt(), a.height().getAsInt());
        }
        return b.build();
    }
}

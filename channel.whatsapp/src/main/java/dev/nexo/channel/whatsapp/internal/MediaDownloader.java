package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.InboundMessage;

/**
 * Fetches inbound media into {@code <media_dir>/<instance>/} before the message is published, so
 * agents get a {@code local_path}: {@code GET /{version}/{media-id}} gives a short-lived URL, its
 * {@code mime_type}, {@code sha256} and {@code file_size}; the URL is then fetched with the same
 * Bearer token. Files above the size cap or with a wrong SHA-256 are refused; on any failure the
 * message is published with the Cloud media id only.
 */
final class MediaDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(MediaDownloader.class);
    private static final Map<String, String> EXTENSIONS = Map.of("image/jpeg", ".jpg", "image/png", ".png",
            "image/webp", ".webp", "audio/ogg", ".ogg", "audio/mpeg", ".mp3", "audio/mp4", ".m4a", "video/mp4", ".mp4",
            "application/pdf", ".pdf");

    private final GraphApi api;
    private final Path dir;
    private final long maxBytes;

    MediaDownloader(GraphApi api, Path dir, long maxBytes) {
        this.api = api;
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** @return the message with each downloadable attachment's local path and size filled in */
    CompletionStage<InboundMessage> enrich(InboundMessage m) {
        if (m.attachments().stream().noneMatch(a -> a.remoteId().isPresent())) {
            return CompletableFuture.completedFuture(m);
        }
        List<CompletableFuture<Attachment>> fetched = new ArrayList<>();
        for (int i = 0; i < m.attachments().size(); i++) {
            Attachment a = m.attachments().get(i);
            String name = safe(m.messageId()) + (i == 0 ? "" : "-" + i);
            fetched.add(download(a, name).toCompletableFuture().exceptionally(e -> {
                LOG.warn("media of {} not downloaded, publishing its media id only: {}", m.messageId(), e.getMessage());
                return a;
            }));
        }
        return CompletableFuture.allOf(fetched.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            InboundMessage.Builder b = InboundMessage.builder(m.channel(), m.messageId(), m.sender(), m.chat())
                    .text(m.text()).replyTo(m.replyToMessageId().orElse(null)).location(m.location().orElse(null))
                    .forward(m.forward().orElse(null)).sentAt(m.sentAt()).receivedAt(m.receivedAt());
            fetched.forEach(f -> b.attachment(f.join()));
            m.extra().forEach(b::extra);
            return b.build();
        });
    }

    private CompletionStage<Attachment> download(Attachment a, String name) {
        if (a.remoteId().isEmpty()) {
            return CompletableFuture.completedFuture(a);
        }
        return api.mediaInfo(a.remoteId().get()).thenCompose(info -> {
            long size = info.path("file_size").asLong(-1);
            if (size > maxBytes) {
                throw new ChannelException(ChannelErrorCode.FAILED, "media is " + size + " bytes, above the cap of " + maxBytes);
            }
            String url = info.path("url").asText("");
            if (url.isEmpty()) {
                throw new ChannelException(ChannelErrorCode.FAILED, "media info without a url");
            }
            return api.fetch(url, maxBytes).thenApply(bytes -> store(a, name, bytes, info.path("sha256").asText(
                    a.sha256().orElse("")), info.path("mime_type").asText(a.mimeType().orElse(""))));
        });
    }

    private Attachment store(Attachment a, String name, byte[] bytes, String sha256, String mime) {
        byte[] digest = digest(bytes);
        String actual = HexFormat.of().formatHex(digest);
        // Meta reports the hash hex-encoded in some places and base64-encoded in others
        if (!sha256.isEmpty() && !sha256.equalsIgnoreCase(actual)
                && !sha256.equals(java.util.Base64.getEncoder().encodeToString(digest))) {
            throw new ChannelException(ChannelErrorCode.FAILED, "media SHA-256 mismatch");
        }
        Path file = dir.resolve(name + extension(a, mime));
        try {
            Files.createDirectories(dir);
            Path tmp = file.resolveSibling(file.getFileName() + ".part");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store media " + file.getFileName(), e);
        }
        Attachment.Builder b = Attachment.builder(a.kind()).remoteId(a.remoteId().orElse(null))
                .localPath(file.toAbsolutePath().toString()).sizeBytes(bytes.length).sha256(actual)
                .mimeType(mime.isEmpty() ? null : mime).fileName(a.fileName().orElse(null))
                .caption(a.caption().orElse(null)).url(a.url().orElse(null)).duration(a.duration().orElse(null));
        if (a.width().isPresent() && a.height().isPresent()) {
            b.dimensions(a.width().getAsInt(), a.height().getAsInt());
        }
        return b.build();
    }

    private static String extension(Attachment a, String mime) {
        String base = mime.toLowerCase(Locale.ROOT);
        int semi = base.indexOf(';');
        String ext = EXTENSIONS.get((semi < 0 ? base : base.substring(0, semi)).trim());
        if (ext != null) {
            return ext;
        }
        String fromName = a.fileName().map(n -> n.lastIndexOf('.') > 0 ? n.substring(n.lastIndexOf('.')) : "").orElse("");
        return fromName.matches("\\.[A-Za-z0-9]{1,8}") ? fromName : ".bin";
    }

    /** Message ids become file names: anything but {@code [A-Za-z0-9._-]} is replaced. */
    static String safe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.nexo.channel.email.internal.imap;

import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.ChatType;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.Sender;
import dev.nexo.channel.email.internal.mime.Bounce;
import dev.nexo.channel.email.internal.mime.BounceDetector;
import dev.nexo.channel.email.internal.mime.LoopGuard;
import dev.nexo.channel.email.internal.mime.MimeParser;
import dev.nexo.channel.email.internal.mime.ParsedMail;
import dev.nexo.channel.email.internal.mime.SenderPolicy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Decides what happens to one fetched message and, for conversational mail, maps it to the
 * inbound model and hands it to the gateway. Order: bounce (published on
 * {@code email.bounce.<instance>}, never to the LLM), loop guard, sender allow/deny list, rate
 * limit, then publish. Every outcome but a failed publish lets the cursor advance.
 */
public final class InboundProcessor {
    /** What became of a message. */
    public enum Outcome {
        PUBLISHED, BOUNCE, SUPPRESSED, FILTERED, RATE_LIMITED
    }

    private final ChannelRef channel;
    private final ChannelGateway gateway;
    private final MimeParser parser;
    private final LoopGuard guard;
    private final SenderPolicy senders;
    private final ThreadIndex threads;
    private final Consumer<Bounce> bounces;
    private final Clock clock;

    /**
     * @param channel the channel reference
     * @param gateway where inbound messages go
     * @param parser the MIME parser
     * @param guard the loop guard
     * @param senders the sender policy
     * @param threads the thread index
     * @param bounces where bounces go
     * @param clock time source for received-at
     */
    public InboundProcessor(ChannelRef channel, ChannelGateway gateway, MimeParser parser, LoopGuard guard,
            SenderPolicy senders, ThreadIndex threads, Consumer<Bounce> bounces, Clock clock) {
        this.channel = channel;
        this.gateway = gateway;
        this.parser = parser;
        this.guard = guard;
        this.senders = senders;
        this.threads = threads;
        this.bounces = bounces;
        this.clock = clock;
    }

    /**
     * @param m the message
     * @param uid its UID
     * @param uidValidity the folder's UIDVALIDITY
     * @return the outcome once it is safe to advance the cursor; fails when the gateway refused
     * @throws MessagingException if the message cannot be read
     * @throws IOException if an attachment cannot be stored
     */
    public CompletionStage<Outcome> process(MimeMessage m, long uid, long uidValidity)
            throws MessagingException, IOException {
        Optional<Bounce> bounce = BounceDetector.detect(m);
        if (bounce.isPresent()) {
            bounces.accept(bounce.get());
            return CompletableFuture.completedFuture(Outcome.BOUNCE);
        }
        if (guard.check(m).isPresent()) {
            return CompletableFuture.completedFuture(Outcome.SUPPRESSED);
        }
        String from = fromAddress(m);
        if (from == null || !senders.allowed(from)) {
            return CompletableFuture.completedFuture(Outcome.FILTERED);
        }
        if (!senders.tryAcquire(from)) {
            return CompletableFuture.completedFuture(Outcome.RATE_LIMITED);
        }
        ParsedMail mail = parser.parse(m);
        InboundMessage inbound = toInbound(mail, uid, uidValidity);
        return gateway.inbound(inbound).thenApply(v -> Outcome.PUBLISHED);
    }

    /** Maps a parsed mail and remembers it for threading. */
    InboundMessage toInbound(ParsedMail mail, long uid, long uidValidity) {
        String id = mail.messageId() != null ? mail.messageId()
                : "<" + uidValidity + '.' + uid + '.' + channel.instance().orElse("email") + "@nexo.invalid>";
        String root = threads.rootOf(id, mail.inReplyTo(), mail.references());
        ThreadIndex.Entry entry = new ThreadIndex.Entry();
        entry.root = root;
        entry.from = mail.fromAddress();
        entry.subject = mail.subject();
        entry.references = new ArrayList<>(mail.references());
        entry.uid = uid;
        threads.put(id, entry, mail.fromAddress());
        Chat chat = new Chat(root, ChatType.PRIVATE, Optional.of(root),
                mail.subject().isEmpty() ? Optional.empty() : Optional.of(mail.subject()));
        InboundMessage.Builder b = InboundMessage.builder(channel, id,
                Sender.of(mail.fromAddress(), mail.fromName(), null), chat)
                .text(mail.text()).replyTo(mail.inReplyTo()).sentAt(mail.sentAt()).receivedAt(clock.instant())
                .extra("email.subject", mail.subject())
                .extra("email.uid", Long.toString(uid))
                .extra("email.uidvalidity", Long.toString(uidValidity))
                .extra("email.thread_root", root)
                .extra("email.body_truncated", Boolean.toString(mail.bodyTruncated()));
        if (!mail.references().isEmpty()) {
            b.extra("email.references", String.join(" ", mail.references()));
        }
        if (!mail.to().isEmpty()) {
            b.extra("email.to", String.join(",", mail.to()));
        }
        if (!mail.cc().isEmpty()) {
            b.extra("email.cc", String.join(",", mail.cc()));
        }
        List<String> truncated = new ArrayList<>();
        for (ParsedMail.StoredAttachment a : mail.attachments()) {
            b.attachment(Attachment.builder(kindOf(a.mimeType())).mimeType(a.mimeType()).sizeBytes(a.sizeBytes())
                    .fileName(a.fileName()).localPath(a.localPath()).sha256(a.sha256()).build());
            if (a.truncated()) {
                truncated.add(a.fileName());
            }
        }
        if (!truncated.isEmpty()) {
            b.extra("email.attachments_truncated", truncated.stream().collect(Collectors.joining(",")));
        }
        return b.build();
    }

    static MediaKind kindOf(String mimeType) {
        String t = mimeType.toLowerCase(Locale.ROOT);
        if (t.startsWith("image/")) {
            return MediaKind.PHOTO;
        }
        if (t.startsWith("video/")) {
            return MediaKind.VIDEO;
        }
        if (t.startsWith("audio/")) {
            return MediaKind.AUDIO;
        }
        return MediaKind.DOCUMENT;
    }

    private static String fromAddress(MimeMessage m) throws MessagingException {
        if (m.getFrom() == null) {
            return null;
        }
        for (var a : m.getFrom()) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                return ia.getAddress().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}

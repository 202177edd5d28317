package dev.nexo.channel.email.internal.smtp;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;
import dev.nexo.channel.email.internal.Settings;
import dev.nexo.channel.email.internal.imap.ThreadIndex;
import dev.nexo.channel.email.internal.mime.HtmlText;
import dev.nexo.channel.email.internal.mime.MimeParser;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds the MIME message for an outbound message: From pinned to the mailbox (whatever the
 * agent asked), the recipient resolved from a thread when the agent answered a chat, threading
 * headers ({@code In-Reply-To}, {@code References}, {@code Re:} subject), plain text plus a simple
 * HTML alternative, and file attachments read now (a missing file fails at once, without retries).
 */
public final class Composer {
    /** Extra key for an explicit subject. */
    public static final String SUBJECT = "email.subject";
    /** Extra key for Cc addresses, comma separated. */
    public static final String CC = "email.cc";

    private final Settings settings;
    private final Session session;
    private final ThreadIndex threads;
    private final Clock clock;

    /**
     * @param settings the mailbox
     * @param session its mail session
     * @param threads the thread index
     * @param clock time source for the Date header
     */
    public Composer(Settings settings, Session session, ThreadIndex threads, Clock clock) {
        this.settings = settings;
        this.session = session;
        this.threads = threads;
        this.clock = clock;
    }

    /** A composed message and the id it carries. */
    public record Composed(MimeMessage mime, String messageId, String root, String recipient) {
    }

    /**
     * @param out the outbound message
     * @return the MIME message, ready to send
     * @throws ChannelException with {@code RECIPIENT_INVALID} or {@code FAILED} when it cannot be built
     */
    public Composed compose(OutboundMessage out) {
        try {
            return build(out);
        } catch (AddressException e) {
            throw new ChannelException(ChannelErrorCode.RECIPIENT_INVALID, "bad address: " + e.getMessage());
        } catch (MessagingException | IOException e) {
            throw new ChannelException(ChannelErrorCode.FAILED, "cannot build message: " + e.getMessage(), null, e);
        }
    }

    private Composed build(OutboundMessage out) throws MessagingException, IOException {
        String threadId = out.threadId().orElse(null);
        String parentId = out.replyToMessageId().orElse(null);
        Optional<ThreadIndex.Entry> parent = parentId == null ? Optional.empty() : threads.message(parentId);
        String root = parent.map(p -> p.root).orElse(threadId);
        if (root == null && isMessageId(out.recipient())) {
            root = out.recipient();
        }
        Optional<ThreadIndex.ThreadState> thread = root == null ? Optional.empty() : threads.thread(root);
        if (parentId == null && thread.isPresent() && thread.get().lastMessageId != null) {
            parentId = thread.get().lastMessageId;
            parent = threads.message(parentId);
        }
        String to = recipient(out.recipient(), parent, thread);
        MimeMessage mime = new MimeMessage(session);
        String id = "<" + UUID.randomUUID() + '@' + settings.domain() + '>';
        mime.setFrom(new InternetAddress(settings.address));
        mime.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        String cc = out.extra().get(CC);
        if (cc != null && !cc.isBlank()) {
            mime.setRecipients(Message.RecipientType.CC, InternetAddress.parse(cc, true));
        }
        mime.setSubject(subject(out, parent, thread, parentId != null), "UTF-8");
        mime.setSentDate(Date.from(clock.instant()));
        if (parentId != null) {
            mime.setHeader("In-Reply-To", parentId);
            mime.setHeader("References", String.join(" ", references(parentId, parent, root)));
        }
        mime.setContent(body(out));
        mime.saveChanges();
        mime.setHeader("Message-ID", id); // after saveChanges, which would assign its own
        return new Composed(mime, id, root == null ? id : root, to);
    }

    private String recipient(String requested, Optional<ThreadIndex.Entry> parent,
            Optional<ThreadIndex.ThreadState> thread) {
        String to = requested;
        if (isMessageId(requested) || !requested.contains("@")) {
            to = thread.map(t -> t.peer).orElse(parent.map(p -> p.from).orElse(null));
            if (to == null) {
                throw new ChannelException(ChannelErrorCode.RECIPIENT_INVALID, "unknown email thread " + requested);
            }
        }
        to = to.strip();
        if (to.toLowerCase(Locale.ROOT).equals(settings.address)) {
            throw new ChannelException(ChannelErrorCode.RECIPIENT_INVALID, "refusing to mail our own address");
        }
        return to;
    }

    private static boolean isMessageId(String s) {
        return s.startsWith("<") && s.endsWith(">");
    }

    private static String subject(OutboundMessage out, Optional<ThreadIndex.Entry> parent,
            Optional<ThreadIndex.ThreadState> thread, boolean reply) {
        String explicit = out.extra().get(SUBJECT);
        if (explicit != null && !explicit.isBlank()) {
            return explicit.replaceAll("[\\r\\n]+", " ");
        }
        String base = parent.map(p -> p.subject).filter(s -> s != null && !s.isBlank())
                .orElse(thread.map(t -> t.subject).orElse(null));
        if (base == null || base.isBlank()) {
            return reply ? "Re: (no subject)" : "(no subject)";
        }
        base = base.replaceAll("[\\r\\n]+", " ");
        return reply && !base.regionMatches(true, 0, "Re:", 0, 3) ? "Re: " + base : base;
    }

    private static List<String> references(String parentId, Optional<ThreadIndex.Entry> parent, String root) {
        LinkedHashSet<String> refs = new LinkedHashSet<>();
        if (parent.isPresent()) {
            refs.addAll(parent.get().references);
        } else if (root != null) {
            refs.add(root);
        }
        refs.add(parentId);
        List<String> list = new ArrayList<>(refs);
        return list.size() > 20 ? list.subList(list.size() - 20, list.size()) : list; // keep headers bounded
    }

    private MimeMultipart body(OutboundMessage out) throws MessagingException, IOException {
        String plain;
        String html;
        if (out.format() == TextFormat.HTML) {
            html = out.text();
            plain = HtmlText.toText(out.text());
        } else {
            plain = out.text();
            html = simpleHtml(out.text());
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(plain, "UTF-8", "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, "UTF-8", "html");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        if (out.attachments().isEmpty()) {
            return alternative;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart wrapper = new MimeBodyPart();
        wrapper.setContent(alternative);
        mixed.addBodyPart(wrapper);
        for (Attachment a : out.attachments()) {
            mixed.addBodyPart(file(a));
        }
        return mixed;
    }

    private static MimeBodyPart file(Attachment a) throws MessagingException, IOException {
        if (a.localPath().isEmpty()) {
            throw new ChannelException(ChannelErrorCode.UNSUPPORTED_FEATURE,
                    "email attachments need a local path: " + a);
        }
        Path path = Path.of(a.localPath().get());
        if (!Files.isRegularFile(path)) {
            throw new ChannelException(ChannelErrorCode.FAILED, "attachment not found: " + path.getFileName());
        }
        MimeBodyPart part = new MimeBodyPart();
        part.attachFile(path.toFile(), a.mimeType().orElse("application/octet-stream"), null);
        part.setFileName(a.fileName().orElse(path.getFileName().toString()));
        return part;
    }

    /** @return a minimal HTML rendering of plain text: escaped, paragraphs and line breaks kept */
    static String simpleHtml(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>");
        for (String para : escaped.split("\\n\\s*\\n")) {
            html.append("<p>").append(para.strip().replace("\n", "<br>")).append("</p>");
        }
        return html.append("</body></html>").toString();
    }

    /** @return the ids of a References header, for tests */
    static List<String> ids(String header) {
        return MimeParser.ids(header);
    }
}

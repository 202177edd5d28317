package dev.nexo.channel.email.internal.mime;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Parses a MIME message into a {@link ParsedMail}: plain text preferred, HTML converted, quotes
 * and signatures trimmed, the body capped; attachments streamed to a content-addressed directory,
 * capped and flagged when larger.
 */
public final class MimeParser {
    private final long maxBodyBytes;
    private final long maxAttachmentBytes;
    private final Path attachmentsDir;

    /**
     * @param maxBodyBytes body text cap in UTF-8 bytes
     * @param maxAttachmentBytes per-attachment cap in bytes
     * @param attachmentsDir where attachments are stored, by SHA-256
     */
    public MimeParser(long maxBodyBytes, long maxAttachmentBytes, Path attachmentsDir) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxAttachmentBytes = maxAttachmentBytes;
        this.attachmentsDir = attachmentsDir;
    }

    /**
     * @param m the message
     * @return the parsed message
     * @throws MessagingException if the message cannot be read
     * @throws IOException if an attachment cannot be stored
     */
    public ParsedMail parse(MimeMessage m) throws MessagingException, IOException {
        Bodies bodies = new Bodies();
        walk(m, bodies);
        String text = bodies.plain != null ? bodies.plain : bodies.html != null ? HtmlText.toText(bodies.html) : "";
        text = ReplyTrimmer.trim(text);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        boolean truncated = utf8.length > maxBodyBytes;
        if (truncated) {
            text = cut(utf8, (int) maxBodyBytes);
        }
        InternetAddress from = firstAddress(m.getFrom());
        return new ParsedMail(messageId(m), from == null ? "unknown@invalid" : from.getAddress().toLowerCase(Locale.ROOT),
                from == null ? null : from.getPersonal(), addresses(m.getRecipients(Message.RecipientType.TO)),
                addresses(m.getRecipients(Message.RecipientType.CC)), m.getSubject() == null ? "" : m.getSubject(),
                firstId(m.getHeader("In-Reply-To", " ")), ids(m.getHeader("References", " ")),
                m.getSentDate() == null ? null : m.getSentDate().toInstant(), text, truncated, bodies.html != null,
                bodies.attachments);
    }

    /** @return the Message-ID, or null when the message has none */
    public static String messageId(MimeMessage m) throws MessagingException {
        String id = firstId(m.getMessageID());
        return id;
    }

    /**
     * @param header a header value with one or more {@code <id>}s, or null
     * @return the first id with its angle brackets, or null
     */
    public static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /**
     * @param header a References-style header, or null
     * @return the ids in order, each {@code <...>}
     */
    public static List<String> ids(String header) {
        List<String> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String token : header.replace("\r", " ").replace("\n", " ").split("[\\s,]+")) {
            String t = token.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (!t.startsWith("<")) {
                t = '<' + t;
            }
            if (!t.endsWith(">")) {
                t = t + '>';
            }
            out.add(t);
        }
        return out;
    }

    private void walk(Part part, Bodies bodies) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            boolean alternative = part.isMimeType("multipart/alternative");
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                if (alternative && bodies.plain != null && child.isMimeType("text/plain")) {
                    continue;
                }
                walk(child, bodies);
            }
            return;
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
        if (!attachment && part.isMimeType("text/plain") && bodies.plain == null) {
            bodies.plain = readText(part);
        } else if (!attachment && part.isMimeType("text/html") && bodies.html == null) {
            bodies.html = readText(part);
        } else if (attachment || !part.isMimeType("text/*")) {
            bodies.attachments.add(store(part, bodies.attachments.size()));
        }
    }

    private ParsedMail.StoredAttachment store(Part part, int index) throws MessagingException, IOException {
        Files.createDirectories(attachmentsDir);
        Path tmp = Files.createTempFile(attachmentsDir, "part", ".tmp");
        long size = 0;
        MessageDigest sha = sha256();
        byte[] buf = new byte[8192];
        try (InputStream in = part.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                long room = Math.max(0, maxAttachmentBytes - size);
                int keep = (int) Math.min(room, n);
                if (keep > 0) {
                    out.write(buf, 0, keep);
                    sha.update(buf, 0, keep);
                }
                size += n;
            }
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        Path target = attachmentsDir.resolve(hash);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String name = part.getFileName() == null ? "attachment-" + (index + 1) : MimeUtility.decodeText(part.getFileName());
        String type = baseType(part.getContentType());
        String disposition = part.getDisposition() == null ? "attachment" : part.getDisposition().toLowerCase(Locale.ROOT);
        return new ParsedMail.StoredAttachment(name, type, size, hash, target.toString(), size > maxAttachmentBytes,
                disposition);
    }

    private static String readText(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String s) {
            return s;
        }
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(charset(part.getContentType()));
        }
    }

    private static Charset charset(String contentType) {
        try {
            String cs = new ContentType(contentType).getParameter("charset");
            return cs == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(cs));
        } catch (Exception e) {
            return StandardCharsets.UTF_8;
        }
    }

    static String baseType(String contentType) {
        try {
            return new ContentType(contentType).getBaseType().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            return "application/octet-stream";
        }
    }

    static String cut(byte[] utf8, int max) {
        int end = max;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // do not split a UTF-8 sequence
        }
        return new String(Arrays.copyOf(utf8, end), StandardCharsets.UTF_8);
    }

    private static InternetAddress firstAddress(Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        for (Address a : addresses) {
            if (a instanceof InternetAddress ia) {
                return ia;
            }
        }
        return null;
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> out = new ArrayList<>();
        if (addresses != null) {
            for (Address a : addresses) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                    out.add(ia.getAddress().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static final class Bodies {
        String plain;
        String html;
        final List<ParsedMail.StoredAttachment> attachments = new ArrayList<>();
    }
}

package dev.nexo.channel.email.internal.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises bounces: a {@code multipart/report; report-type=delivery-status} message, or a
 * legacy bounce from MAILER-DAEMON / postmaster. Reads the DSN fields (RFC 3464) where present and
 * falls back to scanning the text for an enhanced status code.
 */
public final class BounceDetector {
    private static final Set<String> DAEMONS = Set.of("mailer-daemon", "mail-daemon", "mail.daemon", "postmaster");
    private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern FIELD = Pattern.compile("^([A-Za-z-]+):\\s*(.*)$", Pattern.MULTILINE);
    private static final int MAX_READ = 256 * 1024;

    private BounceDetector() {
    }

    /**
     * @param m the message
     * @return the bounce, or empty when the message is not one
     * @throws MessagingException if the message cannot be read
     * @throws IOException if a part cannot be read
     */
    public static Optional<Bounce> detect(MimeMessage m) throws MessagingException, IOException {
        boolean report = isReport(m.getContentType());
        if (!report && !fromDaemon(m)) {
            return Optional.empty();
        }
        Fields f = new Fields();
        scan(m, f);
        String status = f.status;
        return Optional.of(new Bounce(f.originalId, f.recipient, status, f.action, f.diagnostic,
                Bounce.classify(status)));
    }

    private static boolean isReport(String contentType) {
        try {
            ContentType ct = new ContentType(contentType);
            return ct.match("multipart/report") && "delivery-status".equalsIgnoreCase(ct.getParameter("report-type"));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean fromDaemon(MimeMessage m) throws MessagingException {
        if (m.getFrom() == null) {
            return false;
        }
        for (var a : m.getFrom()) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                String local = ia.getAddress().split("@", 2)[0].toLowerCase(Locale.ROOT);
                if (DAEMONS.contains(local)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void scan(Part part, Fields f) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                scan(child, f);
            }
        } else if (part.isMimeType("message/delivery-status")) {
            readDsn(text(part), f);
        } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")) {
            Matcher id = Pattern.compile("(?im)^Message-ID:\\s*(<[^>\\r\\n]+>)").matcher(text(part));
            if (id.find() && f.originalId == null) {
                f.originalId = id.group(1);
            }
        } else if (part.isMimeType("text/*") && f.status == null) {
            Matcher s = STATUS.matcher(text(part));
            if (s.find()) {
                f.status = s.group(1);
            }
        }
    }

    private static void readDsn(String dsn, Fields f) {
        Matcher m = FIELD.matcher(dsn);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).strip();
            switch (name) {
                case "final-recipient", "original-recipient" -> {
                    if (f.recipient == null) {
                        int semi = value.indexOf(';');
                        f.recipient = (semi < 0 ? value : value.substring(semi + 1)).strip();
                    }
                }
                case "action" -> f.action = value.toLowerCase(Locale.ROOT);
                case "status" -> f.status = value.split("\\s", 2)[0];
                case "diagnostic-code" -> f.diagnostic = value;
                default -> {
                    // other DSN fields are not published
                }
            }
        }
    }

    private static String text(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while (out.size() < MAX_READ && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static final class Fields {
        String originalId;
        String recipient;
        String status;
        String action;
        String diagnostic;
    }
}

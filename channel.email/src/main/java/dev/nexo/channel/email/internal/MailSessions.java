package dev.nexo.channel.email.internal;

import jakarta.mail.Session;
import java.util.Properties;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds Jakarta Mail sessions for one mailbox. Jakarta Mail finds its protocol providers and
 * stream factory through the thread context class loader; every thread that touches mail comes
 * from {@link #threads(String)}, which sets that loader to this bundle's (where Angus Mail is
 * embedded), so lookups work inside OSGi without a service-loader mediator.
 */
public final class MailSessions {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private MailSessions() {
    }

    /** @return the IMAP store protocol for these settings: {@code imaps} or {@code imap} */
    public static String imapProtocol(Settings s) {
        return s.imapTls == Tls.IMPLICIT_TLS ? "imaps" : "imap";
    }

    /** @return the SMTP transport protocol: {@code smtps} or {@code smtp} */
    public static String smtpProtocol(Settings s) {
        return s.smtpTls == Tls.IMPLICIT_TLS ? "smtps" : "smtp";
    }

    /**
     * @param s the mailbox
     * @return a session for IMAP and SMTP of this mailbox
     */
    public static Session session(Settings s) {
        Properties p = new Properties();
        String imap = imapProtocol(s);
        p.put("mail." + imap + ".connectiontimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        // The read timeout must outlast one IDLE period, or every IDLE would end in a timeout.
        p.put("mail." + imap + ".timeout", String.valueOf(s.idleReissue.toMillis() + 60_000));
        p.put("mail." + imap + ".writetimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        p.put("mail." + imap + ".peek", "true");
        if (s.imapTls == Tls.STARTTLS) {
            p.put("mail.imap.starttls.enable", "true");
            p.put("mail.imap.starttls.required", "true");
        }
        String smtp = smtpProtocol(s);
        p.put("mail." + smtp + ".connectiontimeout", String.valueOf(CONNECT_TIMEOUT_MS));
        p.put("mail." + smtp + ".timeout", "30000");
        p.put("mail." + smtp + ".writetimeout", "30000");
        p.put("mail." + smtp + ".from", s.address);
        p.put("mail." + smtp + ".auth", String.valueOf(!s.secret().isEmpty()));
        if (s.smtpTls == Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (s.xoauth2) {
            p.put("mail." + imap + ".auth.mechanisms", "XOAUTH2");
            p.put("mail." + smtp + ".auth.mechanisms", "XOAUTH2");
        }
        if (s.insecureTls) {
            for (String proto : new String[] {"imap", "imaps", "smtp", "smtps"}) {
                p.put("mail." + proto + ".ssl.trust", "*");
                p.put("mail." + proto + ".ssl.checkserveridentity", "false");
            }
        }
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(MailSessions.class.getClassLoader());
        try {
            return Session.getInstance(p);
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /**
     * @param name thread name prefix, e.g. {@code nexo-email-ops-imap}
     * @return a factory of daemon threads whose context class loader is this bundle's
     */
    public static ThreadFactory threads(String name) {
        ClassLoader loader = MailSessions.class.getClassLoader();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + '-' + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }
}

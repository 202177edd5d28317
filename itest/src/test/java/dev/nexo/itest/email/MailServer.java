package dev.nexo.itest.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

/**
 * A real GreenMail SMTP + IMAP server started by the test driver, outside the framework but in
 * the same JVM (Pax Exam's native container), so the bundles under test reach it on loopback.
 * Used only from {@code @Configuration}: the probe bundle never loads this class.
 */
final class MailServer {
    static final String OPS = "ops@example.com";
    static final String ALICE = "alice@example.org";
    static final String PASSWORD = "itest-pw";
    static final String FIRST_SUBJECT = "Hello from itest";

    private static GreenMail server;

    private MailServer() {
    }

    /** Starts the server once, with both accounts and one mail from Alice waiting; @return smtp and imap ports */
    static synchronized int[] start() {
        if (server == null) {
            server = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
            server.start();
            server.setUser(OPS, OPS, PASSWORD);
            server.setUser(ALICE, ALICE, PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "greenmail-stop"));
            GreenMailUtil.sendTextEmail(OPS, ALICE, FIRST_SUBJECT, "Hi from the test JVM", server.getSmtp().getServerSetup());
        }
        return new int[] {server.getSmtp().getPort(), server.getImap().getPort()};
    }
}

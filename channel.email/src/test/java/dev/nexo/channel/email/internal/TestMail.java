package dev.nexo.channel.email.internal;

import com.icegreen.greenmail.imap.ImapServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real GreenMail SMTP + IMAP server for the tests, with the mailbox and a correspondent. */
public final class TestMail implements AutoCloseable {
    public static final String OPS = "ops@example.com";
    public static final String ALICE = "alice@example.org";
    public static final String PASSWORD = "s3cret-pw";

    public final GreenMail greenMail;
    private ImapServer restartedImap;

    public TestMail() {
        greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        greenMail.start();
        greenMail.setUser(OPS, OPS, PASSWORD);
        greenMail.setUser(ALICE, ALICE, PASSWORD);
    }

    public int imapPort() {
        return restartedImap != null ? restartedImap.getPort() : greenMail.getImap().getPort();
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    /** @return mailbox settings pointing at this server, with short test timings */
    public Settings.Builder settings(Path stateDir) {
        return Settings.builder("ops", OPS, stateDir)
                .imap("127.0.0.1", imapPort(), Tls.PLAIN)
                .smtp("127.0.0.1", smtpPort(), Tls.PLAIN)
                .login(OPS, PASSWORD, false)
                .pollInterval(Duration.ofMillis(300))
                .reconnect(Duration.ofMillis(100), Duration.ofMillis(500))
                .retry(3, Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** @return a session for composing and sending test mail through the server's SMTP */
    public Session session() {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(smtpPort()));
        return Session.getInstance(p);
    }

    /** Sends through the real SMTP service. */
    public void send(MimeMessage m) throws Exception {
        Transport.send(m);
    }

    /** @return the messages in a user's INBOX, read over IMAP */
    public List<MimeMessage> inbox(String user) throws Exception {
        Properties p = new Properties();
        Session s = Session.getInstance(p);
        try (Store store = s.getStore("imap")) {
            store.connect("127.0.0.1", imapPort(), user, PASSWORD);
            Folder f = store.getFolder("INBOX");
            f.open(Folder.READ_ONLY);
            List<MimeMessage> out = new ArrayList<>();
            for (Message m : f.getMessages()) {
                out.add(new MimeMessage((MimeMessage) m));
            }
            f.close(false);
            return out;
        }
    }

    public void stopImap() {
        ImapServer imap = restartedImap != null ? restartedImap : greenMail.getImap();
        int port = imap.getPort();
        imap.stopService();
        restartedPort = port;
    }

    private int restartedPort;

    public void startImap() throws InterruptedException {
        restartedImap = new ImapServer(new ServerSetup(restartedPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                greenMail.getManagers());
        restartedImap.startService();
        if (!restartedImap.waitTillRunning(5000)) {
            throw new IllegalStateException("IMAP did not restart");
        }
    }

    @Override
    public void close() {
        if (restartedImap != null) {
            restartedImap.stopService();
        }
        greenMail.stop();
    }

    /** Polls a condition every 50 ms until it holds or the timeout passes. */
    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** A gateway that records what it is given; optionally refuses. */
    public static final class RecordingGateway implements ChannelGateway {
        public final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
        public volatile boolean refuse;

        @Override
        public CompletionStage<Void> inbound(InboundMessage message) {
            if (refuse) {
                return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
            }
            inbound.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
            return CompletableFuture.completedFuture(null);
        }

        public InboundMessage next(Duration timeout) throws InterruptedException {
            return inbound.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}

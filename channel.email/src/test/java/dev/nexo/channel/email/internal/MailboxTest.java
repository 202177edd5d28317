package dev.nexo.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.channel.email.internal.mime.Bounce;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mailbox against a real GreenMail SMTP + IMAP server: inbound, restart, threading, guards, faults. */
class MailboxTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path state;
    TestMail mail;
    TestMail.RecordingGateway gateway;
    List<Bounce> bounces;
    Mailbox mailbox;

    @BeforeEach
    void start() {
        mail = new TestMail();
        gateway = new TestMail.RecordingGateway();
        bounces = new CopyOnWriteArrayList<>();
    }

    @AfterEach
    void stop() {
        if (mailbox != null) {
            mailbox.close();
        }
        mail.close();
    }

    private Mailbox open(Settings settings) {
        Mailbox m = new Mailbox(settings, gateway, bounces::add, Metrics.none("ops"), Clock.systemUTC());
        m.start();
        return m;
    }

    private MimeMessage fromAlice(String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(TestMail.ALICE, "Alice Doe"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestMail.OPS));
        m.setSubject(subject);
        return m;
    }

    private MimeMessage plain(String subject, String text) throws Exception {
        MimeMessage m = fromAlice(subject);
        m.setText(text, "UTF-8");
        return m;
    }

    @Test
    void threeKindsOfMailBecomeInboundEventsAndARestartNeitherLosesNorRepeats() throws Exception {
        mail.send(plain("Plain hello", "Hi there,\nhow are you?\n\nOn Mon, 1 Jan 2026, Bob <b@x> wrote:\n> old text\n"));
        MimeMessage html = fromAlice("HTML only");
        html.setContent("<html><body><p>Hello <b>HTML</b></p><ul><li>one</li><li>two</li></ul></body></html>",
                "text/html; charset=UTF-8");
        mail.send(html);
        MimeMessage withFile = fromAlice("With attachment");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setText("See the report.\n-- \nAlice, Sales", "UTF-8");
        MimeBodyPart file = new MimeBodyPart();
        byte[] pdf = "%PDF-1.4 fake report bytes".getBytes();
        file.setContent(pdf, "application/pdf");
        file.setFileName("report.pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(body);
        mixed.addBodyPart(file);
        withFile.setContent(mixed);
        mail.send(withFile);

        mailbox = open(mail.settings(state).build());
        InboundMessage first = gateway.next(WAIT);
        InboundMessage second = gateway.next(WAIT);
        InboundMessage third = gateway.next(WAIT);
        assertNotNull(third, "three inbound events");

        assertEquals("Hi there,\nhow are you?", first.text(), "plain text, quote trimmed");
        assertEquals(TestMail.ALICE, first.sender().id());
        assertEquals("Alice Doe", first.sender().displayName().orElseThrow());
        assertEquals(first.messageId(), first.chat().id(), "a new mail starts its own thread");
        assertEquals("Plain hello", first.extra().get("email.subject"));

        assertTrue(second.text().contains("Hello HTML"), second.text());
        assertTrue(second.text().contains("- one\n- two"), second.text());
        assertFalse(second.text().contains("<"), "no markup left");

        assertEquals("See the report.", third.text(), "signature trimmed");
        assertEquals(1, third.attachments().size());
        Attachment a = third.attachments().get(0);
        assertEquals("report.pdf", a.fileName().orElseThrow());
        assertEquals("application/pdf", a.mimeType().orElseThrow());
        assertEquals(pdf.length, a.sizeBytes().getAsLong());
        byte[] stored = Files.readAllBytes(Path.of(a.localPath().orElseThrow()));
        assertEquals(new String(pdf), new String(stored));
        assertEquals(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf)),
                a.sha256().orElseThrow());

        mailbox.close();
        mailbox = open(mail.settings(state).build());
        mail.send(plain("After restart", "new mail"));
        InboundMessage next = gateway.next(WAIT);
        assertNotNull(next, "new mail after the restart is picked up");
        assertEquals("After restart", next.extra().get("email.subject"), "nothing was processed twice");
        assertNull(gateway.next(Duration.ofMillis(500)));
    }

    @Test
    void aReplyArrivesThreadedInTheSendersMailbox() throws Exception {
        mail.send(plain("Quote request", "Can I get a quote?"));
        mailbox = open(mail.settings(state).build());
        InboundMessage in = gateway.next(WAIT);
        assertNotNull(in);

        OutboundMessage reply = OutboundMessage.builder(in.channel(), in.chat().id())
                .text("Sure: 100 EUR.\n\nRegards").replyTo(in.messageId()).threadId(in.chat().threadId().orElse(null))
                .correlationId("turn-1").build();
        DeliveryReceipt receipt = mailbox.send(reply).toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertEquals(DeliveryStatus.SENT, receipt.status());
        assertEquals("turn-1", receipt.correlationId().orElseThrow());

        assertTrue(TestMail.await(WAIT, () -> inboxSize(TestMail.ALICE) == 1));
        MimeMessage got = mail.inbox(TestMail.ALICE).get(0);
        assertEquals(in.messageId(), got.getHeader("In-Reply-To")[0]);
        assertTrue(got.getHeader("References")[0].contains(in.messageId()));
        assertEquals("Re: Quote request", got.getSubject());
        assertEquals(TestMail.OPS, ((InternetAddress) got.getFrom()[0]).getAddress(), "From pinned to the mailbox");
        assertEquals(receipt.messageId().orElseThrow(), got.getMessageID());
        assertTrue(got.isMimeType("multipart/alternative"));
        Multipart alt = (Multipart) got.getContent();
        assertTrue(alt.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(alt.getBodyPart(1).isMimeType("text/html"));
        assertTrue(((String) alt.getBodyPart(1).getContent()).contains("<p>Sure: 100 EUR.</p>"));

        // Alice answers our reply: same thread root, so the same session.
        MimeMessage answer = plain("Re: Quote request", "Deal.");
        answer.setHeader("In-Reply-To", got.getMessageID());
        answer.setHeader("References", in.messageId() + " " + got.getMessageID());
        mail.send(answer);
        InboundMessage followUp = gateway.next(WAIT);
        assertEquals(in.chat().id(), followUp.chat().id());
    }

    private int inboxSize(String user) {
        try {
            return mail.inbox(user).size();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void autoRepliesListsAndOurOwnMailNeverReachTheAgentButTheCursorMovesOn() throws Exception {
        MimeMessage auto = plain("Out of office", "I am away");
        auto.setHeader("Auto-Submitted", "auto-replied");
        mail.send(auto);
        MimeMessage list = plain("Newsletter", "news");
        list.setHeader("List-Id", "<news.example.org>");
        mail.send(list);
        MimeMessage bulk = plain("Bulk", "offer");
        bulk.setHeader("Precedence", "bulk");
        mail.send(bulk);
        MimeMessage self = plain("Loop", "from myself");
        self.setFrom(new InternetAddress(TestMail.OPS));
        mail.send(self);
        mail.send(plain("Real question", "hello?"));

        mailbox = open(mail.settings(state).build());
        InboundMessage only = gateway.next(WAIT);
        assertEquals("Real question", only.extra().get("email.subject"));
        assertNull(gateway.next(Duration.ofMillis(500)), "guarded mail produced nothing, so no reply");
        assertEquals(0, mail.inbox(TestMail.ALICE).size());

        mailbox.close();
        mailbox = open(mail.settings(state).build());
        mail.send(plain("Later", "x"));
        assertEquals("Later", gateway.next(WAIT).extra().get("email.subject"), "guarded mail is not retried");
    }

    @Test
    void bouncesArePublishedAsBouncesNotAsMessages() throws Exception {
        MimeMessage dsn = new MimeMessage(mail.session());
        dsn.setFrom(new InternetAddress("MAILER-DAEMON@example.com"));
        dsn.setRecipient(Message.RecipientType.TO, new InternetAddress(TestMail.OPS));
        dsn.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your message could not be delivered.");
        MimeBodyPart status = new MimeBodyPart();
        status.setContent("Reporting-MTA: dns; mx.example.com\r\n\r\nFinal-Recipient: rfc822; ghost@unknown.com\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n",
                "message/delivery-status");
        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent("Message-ID: <our-outbound@example.com>\r\nSubject: hi\r\n", "text/rfc822-headers");
        report.addBodyPart(human);
        report.addBodyPart(status);
        report.addBodyPart(headers);
        dsn.setContent(report);
        mail.send(dsn);
        mail.send(plain("After bounce", "x"));

        mailbox = open(mail.settings(state).build());
        assertEquals("After bounce", gateway.next(WAIT).extra().get("email.subject"));
        assertEquals(1, bounces.size());
        Bounce b = bounces.get(0);
        assertEquals("5.1.1", b.statusCode());
        assertEquals("permanent", b.classification());
        assertEquals("ghost@unknown.com", b.recipient());
        assertEquals("<our-outbound@example.com>", b.originalMessageId());
        assertEquals("failed", b.action());
    }

    @Test
    void anImapOutageIsReportedAndMailSentMeanwhileIsProcessedAfterReconnecting() throws Exception {
        mailbox = open(mail.settings(state).build());
        assertTrue(TestMail.await(WAIT, () -> mailbox.health().state() == ChannelState.CONNECTED));

        mail.stopImap();
        assertTrue(TestMail.await(WAIT, () -> mailbox.health().state() == ChannelState.RECONNECTING),
                () -> "state " + mailbox.health());
        assertTrue(mailbox.health().detail().startsWith("imap:"));
        assertFalse(mailbox.health().detail().contains(TestMail.PASSWORD), "no secret in health");
        mail.send(plain("During outage", "are you there?"));

        mail.startImap();
        InboundMessage in = gateway.next(WAIT);
        assertNotNull(in, "mail that arrived during the outage is processed");
        assertEquals("During outage", in.extra().get("email.subject"));
        assertEquals(ChannelState.CONNECTED, mailbox.health().state());

        mailbox.close();
        assertEquals(ChannelState.STOPPED, mailbox.health().state());
        assertTrue(TestMail.await(WAIT, () -> liveThreads().isEmpty()), () -> "threads left: " + liveThreads());
    }

    /** Threads the mailbox started, and Jakarta Mail's event threads (one per open folder). */
    private static List<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("nexo-email-") || n.startsWith("Jakarta-Mail-EventQueue")).sorted().toList();
    }

    @Test
    void processedMailIsMarkedSeenOrMovedAsConfigured() throws Exception {
        mail.send(plain("Mark me", "x"));
        mailbox = open(mail.settings(state).build());
        assertNotNull(gateway.next(WAIT));
        assertTrue(TestMail.await(WAIT, () -> seenFlags("INBOX").equals(List.of(true))), () -> "flags " + seenFlags("INBOX"));
        mailbox.close();

        mail.send(plain("Move me", "y"));
        mailbox = open(mail.settings(state.resolve("second")).afterProcessing(AfterProcessing.MOVE).build());
        assertNotNull(gateway.next(WAIT)); // the first mail again: this mailbox has its own, empty cursor
        assertNotNull(gateway.next(WAIT));
        assertTrue(TestMail.await(WAIT, () -> seenFlags("INBOX").isEmpty() && seenFlags("Archive").size() == 2),
                () -> "inbox " + seenFlags("INBOX") + ", archive " + seenFlags("Archive"));
    }

    private List<Boolean> seenFlags(String folder) {
        try (jakarta.mail.Store store = opsStore()) {
            jakarta.mail.Folder f = store.getFolder(folder);
            if (!f.exists()) {
                return List.of();
            }
            f.open(jakarta.mail.Folder.READ_ONLY);
            List<Boolean> out = new java.util.ArrayList<>();
            for (Message m : f.getMessages()) {
                out.add(m.isSet(jakarta.mail.Flags.Flag.SEEN));
            }
            f.close(false);
            return out;
        } catch (Exception e) {
            return List.of(false, false, false);
        }
    }

    @Test
    void withoutIdleTheMailboxPolls() throws Exception {
        mailbox = open(mail.settings(state).imapIdle(false).build());
        assertTrue(TestMail.await(WAIT, () -> mailbox.health().state() == ChannelState.CONNECTED));
        mail.send(plain("Polled", "x"));
        assertEquals("Polled", gateway.next(WAIT).extra().get("email.subject"));
    }

    @Test
    void aRecreatedFolderResetsTheCursorInsteadOfSkippingItsMail() throws Exception {
        appendTo("Work", plain("Old folder", "first"));
        mailbox = open(mail.settings(state).folders("Work", "Archive").build());
        assertEquals("Old folder", gateway.next(WAIT).extra().get("email.subject"));
        mailbox.close();

        recreate("Work");
        appendTo("Work", plain("New folder", "uid 1 again, under a new UIDVALIDITY"));
        mailbox = open(mail.settings(state).folders("Work", "Archive").build());
        InboundMessage again = gateway.next(WAIT);
        assertNotNull(again, "a stale cursor would have skipped UID 1");
        assertEquals("New folder", again.extra().get("email.subject"));
    }

    private jakarta.mail.Store opsStore() throws Exception {
        jakarta.mail.Store store = jakarta.mail.Session.getInstance(new java.util.Properties()).getStore("imap");
        store.connect("127.0.0.1", mail.imapPort(), TestMail.OPS, TestMail.PASSWORD);
        return store;
    }

    private void appendTo(String folder, MimeMessage m) throws Exception {
        try (jakarta.mail.Store store = opsStore()) {
            jakarta.mail.Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(jakarta.mail.Folder.HOLDS_MESSAGES);
            }
            m.saveChanges();
            f.appendMessages(new Message[] {m});
        }
    }

    private void recreate(String folder) throws Exception {
        try (jakarta.mail.Store store = opsStore()) {
            jakarta.mail.Folder f = store.getFolder(folder);
            long before = uidValidity(f);
            // GreenMail derives UIDVALIDITY from the clock: a folder recreated within the same tick
            // keeps the old value, which is not the situation under test, so recreate until it differs
            long deadline = System.nanoTime() + 5_000_000_000L;
            long after;
            do {
                f.delete(true);
                Thread.sleep(50);
                f.create(jakarta.mail.Folder.HOLDS_MESSAGES);
                after = uidValidity(store.getFolder(folder));
            } while (after == before && System.nanoTime() < deadline);
            assertTrue(after != before, "the server gave the new folder a new UIDVALIDITY");
        }
    }

    private static long uidValidity(jakarta.mail.Folder f) throws Exception {
        f.open(jakarta.mail.Folder.READ_ONLY);
        try {
            return ((jakarta.mail.UIDFolder) f).getUIDValidity();
        } finally {
            f.close(false);
        }
    }

    @Test
    void aRefusingGatewayHoldsTheCursorSoNothingIsLost() throws Exception {
        gateway.refuse = true;
        mail.send(plain("Held", "wait for the broker"));
        mailbox = open(mail.settings(state).build());
        assertTrue(TestMail.await(WAIT, () -> mailbox.health().state() == ChannelState.RECONNECTING));
        gateway.refuse = false;
        InboundMessage in = gateway.next(WAIT);
        assertEquals("Held", in.extra().get("email.subject"));
    }

    @Test
    void smtpOutagesAreRetriedThenDeadLettered() throws Exception {
        mailbox = open(mail.settings(state).build());
        mail.greenMail.getSmtp().stopService();
        OutboundMessage out = OutboundMessage.builder(mailbox.ref(), TestMail.ALICE).text("hello").build();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> mailbox.send(out).toCompletableFuture().get(20, TimeUnit.SECONDS));
        ChannelException ce = assertInstanceOf(ChannelException.class, e.getCause());
        assertEquals(ChannelErrorCode.CONNECTION_FAILED, ce.code());
        List<String> dlq = mailbox.deadLetters().lines();
        assertEquals(1, dlq.size());
        assertTrue(dlq.get(0).contains("\"attempts\":3"), dlq.get(0));
        assertTrue(dlq.get(0).contains(TestMail.ALICE));
    }

    @Test
    void aMissingAttachmentFailsAtOnceWithoutRetries() throws Exception {
        mailbox = open(mail.settings(state).build());
        OutboundMessage out = OutboundMessage.builder(mailbox.ref(), TestMail.ALICE).text("see file")
                .attachment(Attachment.builder(dev.nexo.api.message.MediaKind.DOCUMENT)
                        .localPath(state.resolve("missing.pdf").toString()).build()).build();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> mailbox.send(out).toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertEquals(ChannelErrorCode.FAILED, ((ChannelException) e.getCause()).code());
        assertTrue(mailbox.deadLetters().lines().isEmpty());
    }
}

package dev.nexo.channel.email.internal.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.channel.email.internal.Mailbox;
import dev.nexo.channel.email.internal.Metrics;
import dev.nexo.channel.email.internal.TestMail;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent tools: a fake AgentOutbound (the core's seam) and a real mailbox on GreenMail. */
class EmailToolsTest {
    @TempDir
    Path state;
    TestMail mail;
    TestMail.RecordingGateway gateway = new TestMail.RecordingGateway();
    Mailbox mailbox;
    final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
    final AgentOutbound outbound = new AgentOutbound() {
        @Override
        public CompletionStage<DeliveryReceipt> send(ToolContext context, OutboundMessage message) {
            sent.add(message);
            return mailbox.send(message); // the core would publish; here it goes straight to the channel
        }
    };
    final ToolContext bound = ToolContext.builder("t", "sales", "corr-1")
            .binding(BindingContext.of("sales", "email", "ops")).build();

    @BeforeEach
    void start() {
        mail = new TestMail();
        mailbox = new Mailbox(mail.settings(state).build(), gateway, b -> { }, Metrics.none("ops"), Clock.systemUTC());
        mailbox.start();
    }

    @AfterEach
    void stop() {
        mailbox.close();
        mail.close();
    }

    private InboundMessage receive(String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(TestMail.ALICE));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestMail.OPS));
        m.setSubject(subject);
        m.setText("body of " + subject);
        mail.send(m);
        InboundMessage in = gateway.next(Duration.ofSeconds(20));
        assertNotNull(in);
        return in;
    }

    private static JsonNode json(ToolResult r) throws Exception {
        return ToolSupport.JSON.readTree(r.content());
    }

    @Test
    void emailReplyAnswersTheSenderInTheThread() throws Exception {
        InboundMessage in = receive("Invoice");
        EmailReplyTool tool = new EmailReplyTool();
        tool.outbound = outbound;
        tool.channels = List.of(mailbox);
        ToolResult r = tool.invoke("{\"message_id\":\"" + in.messageId() + "\",\"body\":\"Paid.\"}", bound)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertTrue(json(r).path("ok").asBoolean(), r.content());
        assertEquals(TestMail.ALICE, sent.get(0).recipient());
        assertEquals(in.messageId(), sent.get(0).replyToMessageId().orElseThrow());
        assertTrue(TestMail.await(Duration.ofSeconds(20), () -> {
            try {
                return mail.inbox(TestMail.ALICE).size() == 1;
            } catch (Exception e) {
                return false;
            }
        }));
        MimeMessage got = mail.inbox(TestMail.ALICE).get(0);
        assertEquals(in.messageId(), got.getHeader("In-Reply-To")[0]);
        assertEquals("Re: Invoice", got.getSubject());
    }

    @Test
    void theLlmCannotPickAnotherMailbox() {
        EmailSendTool tool = new EmailSendTool();
        tool.outbound = outbound;
        ExecutionException e = assertThrows(ExecutionException.class, () -> tool.invoke(
                "{\"instance\":\"ceo\",\"to\":\"x@y.org\",\"subject\":\"s\",\"body\":\"b\"}", bound)
                .toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(ToolErrorCode.NOT_ALLOWED, ((ToolException) e.getCause()).code());
        assertTrue(sent.isEmpty());
    }

    @Test
    void withoutAgentOutboundSendToolsAreUnavailable() {
        EmailSendTool tool = new EmailSendTool();
        ExecutionException e = assertThrows(ExecutionException.class, () -> tool.invoke(
                "{\"to\":\"x@y.org\",\"subject\":\"s\",\"body\":\"b\"}", bound).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(ToolErrorCode.UNAVAILABLE, assertInstanceOf(ToolException.class, e.getCause()).code());
    }

    @Test
    void emailSendCarriesSubjectAndCorrelation() throws Exception {
        EmailSendTool tool = new EmailSendTool();
        tool.outbound = (ctx, m) -> {
            sent.add(m);
            return CompletableFuture.completedFuture(DeliveryReceipt.sent(m, "<id@x>", java.time.Instant.now()));
        };
        ToolResult r = tool.invoke("{\"to\":\"bob@x.org\",\"subject\":\"Hello\",\"body\":\"Hi\",\"cc\":[\"c@x.org\"]}",
                bound).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("<id@x>", json(r).path("message_id").asText());
        OutboundMessage m = sent.get(0);
        assertEquals("email:ops", m.channel().toString());
        assertEquals("Hello", m.extra().get("email.subject"));
        assertEquals("c@x.org", m.extra().get("email.cc"));
        assertEquals("corr-1", m.correlationId().orElseThrow());
    }

    @Test
    void searchFindsBySubjectAndArchiveMovesTheMessage() throws Exception {
        InboundMessage in = receive("Quarterly report");
        receive("Lunch");
        EmailSearchTool search = new EmailSearchTool();
        search.channels = List.of(mailbox);
        JsonNode found = json(search.invoke("{\"query\":{\"subject\":\"report\\r\\nA001 LOGOUT\"}}", bound)
                .toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertEquals(0, found.path("results").size(), "CR/LF cannot smuggle a command; the text is one search string");
        found = json(search.invoke("{\"query\":{\"subject\":\"report\"}}", bound).toCompletableFuture()
                .get(20, TimeUnit.SECONDS));
        assertEquals(1, found.path("results").size(), found.toString());
        assertEquals(in.messageId(), found.path("results").get(0).path("message_id").asText());

        EmailArchiveTool archive = new EmailArchiveTool();
        archive.channels = List.<Channel>of(mailbox);
        JsonNode moved = json(archive.invoke("{\"message_id\":\"" + in.messageId() + "\"}", bound)
                .toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertTrue(moved.path("ok").asBoolean(), moved.toString());
        assertEquals(1, count("Archive"));
        assertEquals(1, count("INBOX"));

        EmailMoveToTool moveTo = new EmailMoveToTool();
        moveTo.channels = List.<Channel>of(mailbox);
        JsonNode missing = json(moveTo.invoke("{\"message_id\":\"<nope@x>\",\"folder\":\"Nowhere\"}", bound)
                .toCompletableFuture().get(20, TimeUnit.SECONDS));
        assertEquals(false, missing.path("ok").asBoolean());
    }

    private int count(String folder) throws Exception {
        Session s = Session.getInstance(new Properties());
        try (Store store = s.getStore("imap")) {
            store.connect("127.0.0.1", mail.imapPort(), TestMail.OPS, TestMail.PASSWORD);
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            int n = f.getMessageCount();
            f.close(false);
            return n;
        }
    }
}

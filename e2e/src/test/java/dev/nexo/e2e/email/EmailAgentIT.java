package dev.nexo.e2e.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.e2e.StubLlm;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path for email in the built distribution: a mail to the account on a real SMTP/IMAP
 * server (GreenMail) → the email channel → the bound agent → an OpenAI-compatible stub LLM → a
 * reply in the sender's mailbox, threaded on the original ({@code In-Reply-To}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailAgentIT {
    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String OPS = "ops@example.com";
    private static final String ALICE = "alice@example.org";
    private static final String PASSWORD = "s3cret-pw";

    private GreenMail mail;
    private StubLlm llm;
    private NexoProcess nexo;

    @BeforeAll
    void start() throws IOException {
        mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        mail.start();
        mail.setUser(OPS, OPS, PASSWORD);
        mail.setUser(ALICE, ALICE, PASSWORD);
        llm = new StubLlm();
        nexo = NexoProcess.launch("email-agent").config("plugins/email.yaml", "email:\n  accounts:\n    - instance: ops\n"
                + "      address: " + OPS + "\n"
                + "      imap: { host: 127.0.0.1, port: " + mail.getImap().getPort() + ", tls: plain }\n"
                + "      smtp: { host: 127.0.0.1, port: " + mail.getSmtp().getPort() + ", tls: plain }\n"
                + "      auth: { kind: password, username: " + OPS + ", password: " + PASSWORD + " }\n")
                .config("llm.yaml", llm.llmYaml())
                .config("agents.yaml", "agents:\n  - id: ana\n    model: {provider: stub, model: m1}\n"
                        + "    inbound_bindings:\n      - plugin: email\n        instance: ops\n")
                .start();
        nexo.awaitHealthy(BOOT);
    }

    @AfterAll
    void stop() {
        if (nexo != null) {
            nexo.close();
        }
        if (llm != null) {
            llm.close();
        }
        if (mail != null) {
            mail.stop();
        }
    }

    @Test
    void anEmailToABoundAgentGetsAThreadedReplyWithTheLlmsAnswer() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        MimeMessage question = new MimeMessage(Session.getInstance(props));
        question.setFrom(new InternetAddress(ALICE));
        question.setRecipients(Message.RecipientType.TO, OPS);
        question.setSubject("Shoes");
        question.setText("Do you have red shoes in size 38?");
        Transport.send(question); // saves changes, which assigns the Message-ID
        String originalId = question.getMessageID();

        MimeMessage reply = Poll.until("a reply in alice's mailbox", BOOT, () -> {
            MimeMessage[] all = mail.getReceivedMessagesForDomain("example.org");
            return Arrays.stream(all).filter(m -> {
                try {
                    return m.getFrom() != null && m.getFrom()[0].toString().contains(OPS);
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElse(null);
        }, m -> m != null);
        assertEquals(originalId, reply.getHeader("In-Reply-To", null), "threaded on the original");
        assertTrue(reply.getSubject().startsWith("Re: Shoes"), reply.getSubject());
        String body = bodyText(reply);
        assertTrue(body.contains("stub says: Do you have red shoes in size 38?"), body);
    }

    private static String bodyText(jakarta.mail.Part p) throws Exception {
        if (p.isMimeType("text/plain")) {
            return p.getContent().toString();
        }
        if (p.getContent() instanceof jakarta.mail.Multipart mp) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                b.append(bodyText(mp.getBodyPart(i)));
            }
            return b.toString();
        }
        return "";
    }
}

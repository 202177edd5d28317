package dev.nexo.channel.email.internal.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.channel.ChannelErrorCode;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

class SmtpUnitTest {
    @Test
    void fiveHundredsArePermanentFourHundredsTransient() throws Exception {
        SMTPAddressFailedException unknown = new SMTPAddressFailedException(new InternetAddress("ghost@x.org"),
                "RCPT TO", 550, "5.1.1 user unknown");
        SendFailedException wrapped = new SendFailedException("Invalid Addresses", unknown);
        SmtpSender.Failure f = SmtpSender.classify(wrapped);
        assertTrue(f.permanent());
        assertEquals(ChannelErrorCode.RECIPIENT_INVALID, f.code());
        assertTrue(f.reason().contains("550"));

        SMTPSendFailedException greylist = new SMTPSendFailedException("DATA", 451, "4.7.1 try later", null, null,
                null, null);
        assertFalse(SmtpSender.classify(greylist).permanent());
        SmtpSender.Failure io = SmtpSender.classify(new MessagingException("connect", new java.net.ConnectException()));
        assertFalse(io.permanent());
        assertEquals(ChannelErrorCode.CONNECTION_FAILED, io.code());
    }

    @Test
    void plainTextGetsAnEscapedHtmlAlternative() {
        assertEquals("<!DOCTYPE html><html><body><p>a &lt;b&gt;<br>c</p><p>d</p></body></html>",
                Composer.simpleHtml("a <b>\nc\n\nd"));
    }
}

package dev.nexo.channel.email.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class GuardsTest {
    private final LoopGuard guard = new LoopGuard("ops@example.com", true, true, true);

    private static MimeMessage message(String from, String... headers) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from));
        for (int i = 0; i < headers.length; i += 2) {
            m.setHeader(headers[i], headers[i + 1]);
        }
        m.setText("x");
        return m;
    }

    @Test
    void firstMatchingReasonWinsInTheSeedsOrder() throws Exception {
        assertEquals(Optional.of("auto_submitted"), guard.check(message("a@x.org", "Auto-Submitted", "auto-replied",
                "List-Id", "<l>")));
        assertEquals(Optional.empty(), guard.check(message("a@x.org", "Auto-Submitted", "no")));
        assertEquals(Optional.of("list_mail"), guard.check(message("a@x.org", "List-Unsubscribe", "<mailto:u@x>")));
        assertEquals(Optional.of("precedence_bulk"), guard.check(message("a@x.org", "Precedence", "junk")));
        assertEquals(Optional.of("self_from"), guard.check(message("OPS@example.com")));
        assertEquals(Optional.empty(), guard.check(message("a@x.org", "Precedence", "first-class")));
    }

    @Test
    void disabledChecksLetMailThrough() throws Exception {
        LoopGuard off = new LoopGuard("ops@example.com", false, false, false);
        assertEquals(Optional.empty(), off.check(message("ops@example.com", "Auto-Submitted", "auto-generated",
                "List-Id", "<l>")));
    }

    @Test
    void allowAndDenyListsMatchAddressesAndDomains() {
        SenderPolicy p = new SenderPolicy(List.of("@corp.example", "boss@else.example"), List.of("spam@corp.example"),
                0, Clock.systemUTC());
        assertTrue(p.allowed("Ann@Corp.Example"));
        assertTrue(p.allowed("boss@else.example"));
        assertFalse(p.allowed("spam@corp.example"));
        assertFalse(p.allowed("other@else.example"));
        assertTrue(new SenderPolicy(List.of(), List.of(), 0, Clock.systemUTC()).allowed("anyone@x.org"));
    }

    @Test
    void perSenderRateLimitSlidesWithTheClock() {
        MutableClock clock = new MutableClock();
        SenderPolicy p = new SenderPolicy(List.of(), List.of(), 2, clock);
        assertTrue(p.tryAcquire("a@x.org"));
        assertTrue(p.tryAcquire("A@x.org"));
        assertFalse(p.tryAcquire("a@x.org"), "third in the hour is refused");
        assertTrue(p.tryAcquire("b@x.org"), "limits are per sender");
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertTrue(p.tryAcquire("a@x.org"));
    }

    @Test
    void bounceClassificationFollowsTheStatusClass() {
        assertEquals("permanent", Bounce.classify("5.1.1"));
        assertEquals("transient", Bounce.classify("4.2.2"));
        assertEquals("unknown", Bounce.classify("2.0.0"));
        assertEquals("unknown", Bounce.classify(null));
    }

    @Test
    void legacyDaemonBounceIsDetectedByItsSenderAndStatusText() throws Exception {
        MimeMessage m = message("postmaster@mx.example", "Subject", "failure notice");
        m.setText("Sorry, we were unable to deliver your message.\n452 4.2.2 mailbox full\n");
        Optional<Bounce> b = BounceDetector.detect(m);
        assertTrue(b.isPresent());
        assertEquals("4.2.2", b.get().statusCode());
        assertEquals("transient", b.get().classification());
        assertTrue(BounceDetector.detect(message("a@x.org")).isEmpty());
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

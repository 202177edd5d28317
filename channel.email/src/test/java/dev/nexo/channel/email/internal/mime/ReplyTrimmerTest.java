package dev.nexo.channel.email.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplyTrimmerTest {
    @Test
    void gmailStyleQuoteIsCut() {
        assertEquals("Yes, Tuesday works.", ReplyTrimmer.trim(
                "Yes, Tuesday works.\n\nOn Mon, 3 Feb 2026 at 10:00, Bob <bob@x.example> wrote:\n> Does Tuesday work?\n"));
    }

    @Test
    void wrappedWroteLineIsCut() {
        assertEquals("Fine.", ReplyTrimmer.trim("Fine.\nOn Mon, 3 Feb 2026 at 10:00, Bob Longname\n<bob@x.example> wrote:\n> q"));
    }

    @Test
    void outlookHeaderBlockAndOriginalMessageAreCut() {
        assertEquals("Thanks", ReplyTrimmer.trim("Thanks\n\nFrom: Bob\nSent: Monday\nTo: ops\n\nold"));
        assertEquals("Ok", ReplyTrimmer.trim("Ok\n-----Original Message-----\nold"));
    }

    @Test
    void signatureAndTrailingQuotesAreCut() {
        assertEquals("Hello", ReplyTrimmer.trim("Hello\n-- \nAlice\nSales"));
        assertEquals("Answer", ReplyTrimmer.trim("Answer\n\n> quoted\n> more"));
    }

    @Test
    void aMessageThatIsAllQuoteIsKeptWhole() {
        assertEquals("> only a quote", ReplyTrimmer.trim("> only a quote\n"));
    }
}

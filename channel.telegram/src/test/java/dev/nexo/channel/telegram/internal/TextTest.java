package dev.nexo.channel.telegram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nexo.api.message.TextFormat;

/** Splitting, formatting and pacing: pure functions. */
class TextTest {
    @Test
    void splitsAtTheBestBoundaryAndLosesNothing() {
        String text = "first paragraph.\n\n" + "x".repeat(30) + " end";
        List<String> chunks = TextSplitter.split(text, 40);
        assertEquals("first paragraph.\n\n", chunks.get(0));
        assertEquals(text, String.join("", chunks));
        assertEquals(List.of("short"), TextSplitter.split("short", 4096));
    }

    @Test
    void neverCutsASurrogatePair() {
        String text = "a" + "😀".repeat(10); // 1 + 20 UTF-16 units, no boundaries
        List<String> chunks = TextSplitter.split(text, 4);
        chunks.forEach(c -> {
            assertTrue(c.length() <= 4);
            assertTrue(!Character.isHighSurrogate(c.charAt(c.length() - 1)), "split inside an emoji: " + c);
        });
        assertEquals(text, String.join("", chunks));
    }

    @Test
    void markdownBecomesSafeHtml() {
        assertEquals("<b>bold</b> <i>it</i> <s>gone</s> <a href=\"https://x.y/?a=1&amp;b=2\">link</a>",
                TelegramFormat.markdownToHtml("**bold** _it_ ~~gone~~ [link](https://x.y/?a=1&b=2)"));
        assertEquals("<pre>if (a &lt; b) {}\n</pre>", TelegramFormat.markdownToHtml("```java\nif (a < b) {}\n```"));
        assertEquals("2 * 3 &lt; 7 &amp; snake_case_name", TelegramFormat.markdownToHtml("2 * 3 < 7 & snake_case_name"));
        assertEquals("&lt;script&gt;", TelegramFormat.render("<script>", TextFormat.MARKDOWN).text());
        assertEquals(null, TelegramFormat.render("<b>", TextFormat.PLAIN).parseMode());
    }

    @Test
    void htmlKeepsTelegramTagsOnly() {
        assertEquals("<b>hi</b> &lt;div onclick=x&gt;no&lt;/div&gt; <a href=\"https://a.b\">l</a> <a>j</a> &amp; &amp;",
                TelegramFormat.sanitizeHtml("<b>hi</b> <div onclick=x>no</div> <a href=\"https://a.b\">l</a> "
                        + "<a href=\"javascript:x\">j</a> &amp; &"));
    }

    @Test
    void pacingSpacesMessagesPerChatAndOverall() {
        Clock clock = Clock.fixed(Instant.parse("2026-05-01T10:00:00Z"), ZoneOffset.UTC);
        Pacer pacer = new Pacer(clock, Duration.ofSeconds(1), 2);
        assertEquals(Duration.ZERO, pacer.reserve("a"));
        assertEquals(Duration.ofMillis(500), pacer.reserve("b"), "global: two per second");
        assertEquals(Duration.ofSeconds(1), pacer.reserve("a"), "per chat: one per second");
        pacer.backOff("c", Duration.ofSeconds(7));
        assertEquals(Duration.ofSeconds(7), pacer.reserve("c"), "a 429 holds the chat back");
    }
}

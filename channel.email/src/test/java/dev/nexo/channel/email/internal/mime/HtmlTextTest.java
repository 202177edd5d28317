package dev.nexo.channel.email.internal.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {
    @Test
    void blocksListsAndLinksBecomeReadableText() {
        String html = "<html><head><style>p{color:red}</style></head><body><h1>Title</h1><p>Hello <b>there</b>,"
                + "<br>second line</p><ul><li>one</li><li>two</li></ul><p>See <a href=\"https://x.example/a\">the page</a>"
                + " &amp; more</p><script>alert(1)</script></body></html>";
        assertEquals("Title\n\nHello there,\nsecond line\n\n- one\n- two\n\nSee the page (https://x.example/a) & more",
                HtmlText.toText(html));
    }

    @Test
    void nonBreakingSpacesAndRunsOfBlankLinesAreTidied() {
        assertEquals("a b\n\nc", HtmlText.toText("<div>a&nbsp;&nbsp;b</div><p></p><p></p><div>c</div>"));
    }
}

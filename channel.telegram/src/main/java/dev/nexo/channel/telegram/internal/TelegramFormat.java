package dev.nexo.channel.telegram.internal;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.nexo.api.message.TextFormat;

/**
 * Turns outbound text into what {@code sendMessage} accepts safely. Everything formatted is sent
 * with {@code parse_mode=HTML}, whose escaping rules are small and total ({@code & < >}):
 * <ul>
 * <li>{@link TextFormat#PLAIN}: sent without a parse mode, nothing interpreted;</li>
 * <li>{@link TextFormat#MARKDOWN}: the common subset agents write ({@code **bold**}, {@code *italic*}
 *     / {@code _italic_}, {@code ~~strike~~}, {@code `code`}, fenced blocks, {@code [text](http…)})
 *     becomes Telegram HTML, and every other character is escaped, so no input can break parsing;</li>
 * <li>{@link TextFormat#HTML}: tags Telegram supports are kept (attributes only {@code href} on
 *     {@code <a>}), every other tag is escaped as text.</li>
 * </ul>
 * MarkdownV2 is not used: its escaping rules (18 characters, context dependent) are a known source of
 * 400 "can't parse entities" answers.
 */
final class TelegramFormat {
    private static final Set<String> ALLOWED_TAGS = Set.of("b", "strong", "i", "em", "u", "ins", "s", "strike",
            "del", "code", "pre", "tg-spoiler", "blockquote", "a");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>");
    private static final Pattern HREF = Pattern.compile("^\\s+href\\s*=\\s*\"(https?://[^\"<>]*|tg://[^\"<>]*)\"\\s*$");
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_+-]*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile(
            "`([^`\\n]+)`"                                        // 1 code
            + "|\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*"                 // 2 bold
            + "|__(?=\\S)(.+?)(?<=\\S)__"                         // 3 bold
            + "|~~(?=\\S)(.+?)(?<=\\S)~~"                         // 4 strike
            + "|(?<![\\w*])\\*(?=[^\\s*])([^*\\n]+?)(?<=\\S)\\*(?![\\w*])" // 5 italic
            + "|(?<![\\w_])_(?=[^\\s_])([^_\\n]+?)(?<=\\S)_(?![\\w_])"     // 6 italic
            + "|\\[([^\\]\\n]+)\\]\\((https?://[^\\s)]+)\\)");   // 7, 8 link

    private TelegramFormat() {
    }

    /** A text ready to send: the text and the parse mode, or null for none. */
    record Rendered(String text, String parseMode) {
    }

    static Rendered render(String text, TextFormat format) {
        switch (format) {
            case MARKDOWN:
                return new Rendered(markdownToHtml(text), "HTML");
            case HTML:
                return new Rendered(sanitizeHtml(text), "HTML");
            default:
                return new Rendered(text, null);
        }
    }

    /** Escapes the three characters HTML parse mode interprets. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String markdownToHtml(String md) {
        StringBuilder out = new StringBuilder();
        Matcher fence = FENCE.matcher(md);
        int last = 0;
        while (fence.find()) {
            out.append(inline(md.substring(last, fence.start())));
            out.append("<pre>").append(escape(fence.group(1))).append("</pre>");
            last = fence.end();
        }
        return out.append(inline(md.substring(last))).toString();
    }

    private static String inline(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = INLINE.matcher(s);
        int last = 0;
        while (m.find()) {
            out.append(escape(s.substring(last, m.start())));
            if (m.group(1) != null) {
                out.append("<code>").append(escape(m.group(1))).append("</code>");
            } else if (m.group(2) != null || m.group(3) != null) {
                out.append("<b>").append(inline(m.group(2) != null ? m.group(2) : m.group(3))).append("</b>");
            } else if (m.group(4) != null) {
                out.append("<s>").append(inline(m.group(4))).append("</s>");
            } else if (m.group(5) != null || m.group(6) != null) {
                out.append("<i>").append(inline(m.group(5) != null ? m.group(5) : m.group(6))).append("</i>");
            } else {
                out.append("<a href=\"").append(escape(m.group(8)).replace("\"", "&quot;")).append("\">")
                        .append(escape(m.group(7))).append("</a>");
            }
            last = m.end();
        }
        return out.append(escape(s.substring(last))).toString();
    }

    /** Keeps supported, balanced-enough tags; escapes everything else, including stray {@code <} and {@code &}. */
    static String sanitizeHtml(String html) {
        StringBuilder out = new StringBuilder();
        Matcher m = TAG.matcher(html);
        int last = 0;
        while (m.find()) {
            out.append(escapeText(html.substring(last, m.start())));
            String name = m.group(2).toLowerCase(Locale.ROOT);
            boolean closing = !m.group(1).isEmpty();
            String attrs = m.group(3);
            if (!ALLOWED_TAGS.contains(name)) {
                out.append(escape(m.group()));
            } else if (closing) {
                out.append("</").append(name).append('>');
            } else if ("a".equals(name)) {
                Matcher href = HREF.matcher(attrs);
                out.append(href.matches() ? "<a href=\"" + href.group(1) + "\">" : "<a>");
            } else {
                out.append('<').append(name).append('>');
            }
            last = m.end();
        }
        return out.append(escapeText(html.substring(last))).toString();
    }

    /** Escapes {@code < >} and any {@code &} that does not start an entity Telegram knows. */
    private static String escapeText(String s) {
        return s.replaceAll("&(?!(amp|lt|gt|quot|#[0-9]+|#x[0-9a-fA-F]+);)", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Plain text for a fallback send: tags removed, entities decoded. */
    static String stripHtml(String html) {
        return html.replaceAll("<[^<>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}

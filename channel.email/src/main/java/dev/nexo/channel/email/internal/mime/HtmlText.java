package dev.nexo.channel.email.internal.mime;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** Turns an HTML mail body into readable plain text: blocks on their own lines, list bullets, link targets. */
public final class HtmlText {
    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
            "h6", "blockquote", "pre", "ul", "ol", "table", "hr", "section", "article", "header", "footer");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "table", "ul", "ol", "pre");

    private HtmlText() {
    }

    /**
     * @param html HTML text, possibly a whole document
     * @return the readable text, trimmed, with at most one blank line in a row
     */
    public static String toText(String html) {
        Document doc = Jsoup.parse(html);
        doc.select("script, style, head, title").remove();
        StringBuilder out = new StringBuilder();
        doc.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                } else if (node instanceof Element e) {
                    String tag = e.normalName();
                    if ("br".equals(tag)) {
                        out.append('\n');
                    } else if (BLOCKS.contains(tag)) {
                        newline(out);
                    }
                    if ("li".equals(tag)) {
                        out.append("- ");
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e) {
                    String tag = e.normalName();
                    if ("a".equals(tag)) {
                        String href = e.attr("href");
                        if (!href.isBlank() && !href.startsWith("mailto:") && !e.text().equals(href)) {
                            out.append(" (").append(href).append(')');
                        }
                    } else if (PARAGRAPHS.contains(tag)) {
                        newline(out);
                        out.append('\n');
                    } else if (BLOCKS.contains(tag) && !"br".equals(tag)) {
                        newline(out);
                    }
                }
            }
        });
        return tidy(out.toString());
    }

    private static void newline(StringBuilder out) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
    }

    static String tidy(String text) {
        String t = text.replace('\u00a0', ' ').replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n[ \\t]+", "\n")
                .replaceAll("[ \\t]{2,}", " ").replaceAll("\\n{3,}", "\n\n");
        return t.strip();
    }
}

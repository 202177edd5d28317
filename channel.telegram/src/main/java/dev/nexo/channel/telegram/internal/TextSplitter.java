package dev.nexo.channel.telegram.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits long text into chunks of at most {@code limit} UTF-16 units (Telegram counts text length
 * that way; {@code sendMessage} takes at most 4,096). A chunk ends at the latest good boundary in
 * its window: a blank line, else a line break, else a sentence end, else a space; only a text with
 * none of those is cut hard, and never inside a surrogate pair. Concatenating the chunks gives the
 * input back, so nothing is lost or reordered.
 */
final class TextSplitter {
    /** Telegram's limit for one message's text. */
    static final int MESSAGE_LIMIT = 4096;
    /** Telegram's limit for a media caption. */
    static final int CAPTION_LIMIT = 1024;

    private TextSplitter() {
    }

    static List<String> split(String text, int limit) {
        if (limit < 2) {
            throw new IllegalArgumentException("limit must be at least 2");
        }
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (text.length() - start > limit) {
            int end = boundary(text, start, start + limit);
            chunks.add(text.substring(start, end));
            start = end;
        }
        if (start < text.length() || chunks.isEmpty()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }

    /** The best cut in {@code (start, max]}; the chunk keeps the separator so the next starts clean. */
    private static int boundary(String text, int start, int max) {
        int floor = start + (max - start) / 4; // a boundary too early makes silly tiny chunks
        int cut = lastAfter(text, "\n\n", start, max, floor);
        if (cut < 0) {
            cut = lastAfter(text, "\n", start, max, floor);
        }
        if (cut < 0) {
            cut = Math.max(Math.max(lastAfter(text, ". ", start, max, floor), lastAfter(text, "! ", start, max, floor)),
                    lastAfter(text, "? ", start, max, floor));
        }
        if (cut < 0) {
            cut = lastAfter(text, " ", start, max, floor);
        }
        if (cut < 0) {
            cut = max;
            if (Character.isHighSurrogate(text.charAt(cut - 1)) && Character.isLowSurrogate(text.charAt(cut))) {
                cut--;
            }
        }
        return cut;
    }

    /** Index just after the last {@code sep} that ends within {@code max}, if after {@code floor}; else -1. */
    private static int lastAfter(String text, String sep, int start, int max, int floor) {
        int at = text.lastIndexOf(sep, max - sep.length());
        if (at < start) {
            return -1;
        }
        int end = at + sep.length();
        return end > floor ? end : -1;
    }
}

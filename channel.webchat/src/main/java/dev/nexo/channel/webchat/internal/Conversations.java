package dev.nexo.channel.webchat.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web chat's conversations, in memory and bounded: at most {@code maxChats} chats (the least
 * recently used is dropped) of at most {@code maxMessages} messages each. Thread-safe.
 */
final class Conversations {
    /** One line of a conversation; {@code seq} grows per chat so the page can ask for what is new. */
    record Line(long seq, String from, String text, Instant at) {
    }

    private final int maxChats;
    private final int maxMessages;
    private final Map<String, Deque<Line>> chats;
    private final Map<String, Long> seqs = new LinkedHashMap<>();

    Conversations(int maxChats, int maxMessages) {
        this.maxChats = maxChats;
        this.maxMessages = maxMessages;
        this.chats = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Line>> eldest) {
                boolean drop = size() > Conversations.this.maxChats;
                if (drop) {
                    seqs.remove(eldest.getKey());
                }
                return drop;
            }
        };
    }

    synchronized Line add(String chat, String from, String text) {
        long seq = seqs.merge(chat, 1L, Long::sum);
        Deque<Line> lines = chats.computeIfAbsent(chat, k -> new ArrayDeque<>());
        Line line = new Line(seq, from, text, Instant.now());
        lines.addLast(line);
        while (lines.size() > maxMessages) {
            lines.removeFirst();
        }
        return line;
    }

    synchronized List<Line> after(String chat, long seq) {
        Deque<Line> lines = chats.get(chat);
        List<Line> out = new ArrayList<>();
        if (lines != null) {
            for (Line l : lines) {
                if (l.seq() > seq) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    synchronized int size() {
        return chats.size();
    }
}

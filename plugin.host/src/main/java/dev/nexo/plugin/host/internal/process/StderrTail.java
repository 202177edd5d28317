package dev.nexo.plugin.host.internal.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last N lines a plugin wrote to stderr, for crash events and the admin API. Thread-safe. */
public final class StderrTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    public StderrTail(int capacity) {
        this.capacity = Math.max(0, Math.min(512, capacity));
    }

    public synchronized void add(String line) {
        if (capacity == 0) {
            return;
        }
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > 2000 ? line.substring(0, 2000) + "…" : line);
    }

    public synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    public synchronized void clear() {
        lines.clear();
    }
}

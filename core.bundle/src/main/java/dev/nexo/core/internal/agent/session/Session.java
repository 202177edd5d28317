package dev.nexo.core.internal.agent.session;

import dev.nexo.api.llm.ChatMessage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One conversation's short-term memory: a window of past turns (user text and final reply; tool
 * traffic stays inside its turn). Turns of one session run one after another, so history writes
 * never race; reads take a copy.
 */
public final class Session {
    private final String id;
    private final SessionKey key;
    private final Instant createdAt;
    private final Deque<ChatMessage[]> turns = new ArrayDeque<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Instant lastAccess;

    Session(String id, SessionKey key, Instant createdAt, Instant lastAccess) {
        this.id = id;
        this.key = key;
        this.createdAt = createdAt;
        this.lastAccess = lastAccess;
    }

    /** @return the session id ({@code _meta.session_id}) */
    public String id() {
        return id;
    }

    /** @return the key */
    public SessionKey key() {
        return key;
    }

    /** @return when the session began */
    public Instant createdAt() {
        return createdAt;
    }

    /** @return the last time a turn used it */
    public Instant lastAccess() {
        return lastAccess;
    }

    void touch(Instant now) {
        lastAccess = now;
    }

    /** @return whether {@link SessionStore} already ended it (the end fires once) */
    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }

    /**
     * @param window most turns to return
     * @return the last {@code window} turns as messages, oldest first
     */
    public synchronized List<ChatMessage> history(int window) {
        List<ChatMessage> out = new ArrayList<>(Math.min(window, turns.size()) * 2);
        int skip = Math.max(0, turns.size() - window);
        for (ChatMessage[] turn : turns) {
            if (skip-- > 0) {
                continue;
            }
            out.add(turn[0]);
            out.add(turn[1]);
        }
        return out;
    }

    /** @return turns held */
    public synchronized int turnCount() {
        return turns.size();
    }

    synchronized void append(ChatMessage user, ChatMessage reply, int keep) {
        turns.addLast(new ChatMessage[] {user, reply});
        while (turns.size() > keep) {
            turns.removeFirst();
        }
    }

    synchronized List<ChatMessage[]> turnsCopy() {
        return new ArrayList<>(turns);
    }
}

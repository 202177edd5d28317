package dev.nexo.core.internal.agent.session;

import dev.nexo.api.event.Ids;
import dev.nexo.api.llm.ChatMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All live sessions: get-or-create refreshes the idle clock; past the soft cap the oldest-idle
 * session is evicted; {@link #sweep()} ends sessions idle longer than the TTL. Every end is
 * reported to the listener exactly once and removes the persisted copy. Time comes from an
 * injectable {@link Clock}, so tests need no sleeps.
 */
public final class SessionStore {
    /** The seed's defaults. */
    public static final int DEFAULT_CAP = 10_000;
    /** The seed's defaults. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    private final Map<SessionKey, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int cap;
    private final Duration ttl;
    private final SessionListener listener;
    private final SessionPersistence persistence;

    /**
     * @param clock time source
     * @param cap soft cap on live sessions
     * @param ttl idle time after which {@link #sweep()} ends a session
     * @param listener start/end listener
     * @param persistence where sessions survive restarts
     */
    public SessionStore(Clock clock, int cap, Duration ttl, SessionListener listener, SessionPersistence persistence) {
        this.clock = clock;
        this.cap = cap;
        this.ttl = ttl;
        this.listener = listener;
        this.persistence = persistence;
    }

    /** Loads what the persistence holds (after a restart), dropping sessions already past the TTL. */
    public void restore() {
        Instant now = clock.instant();
        for (SessionPersistence.Stored s : persistence.load()) {
            if (s.lastAccess().plus(ttl).isBefore(now)) {
                persistence.delete(s.id());
                continue;
            }
            Session session = new Session(s.id(), s.key(), s.createdAt(), s.lastAccess());
            s.turns().forEach(t -> session.append(t[0], t[1], Integer.MAX_VALUE));
            sessions.put(s.key(), session);
        }
    }

    /**
     * @param key the conversation
     * @return its session, created (and announced) if new; the idle clock restarts
     */
    public Session open(SessionKey key) {
        Instant now = clock.instant();
        Session existing = sessions.get(key);
        if (existing != null) {
            existing.touch(now);
            return existing;
        }
        boolean[] created = {false};
        Session session = sessions.computeIfAbsent(key, k -> {
            created[0] = true;
            return new Session(Ids.newId(), k, now, now);
        });
        session.touch(now);
        if (created[0]) {
            listener.started(session);
            while (sessions.size() > cap) {
                evictOldestIdle(session);
            }
        }
        return session;
    }

    /**
     * Appends a finished turn and keeps at most {@code keep} turns.
     *
     * @param session the session
     * @param user what the user said
     * @param reply the final reply
     * @param keep the window
     */
    public void record(Session session, ChatMessage user, ChatMessage reply, int keep) {
        session.append(user, reply, keep);
        if (sessions.get(session.key()) == session) {
            persistence.save(session);
        }
    }

    /** Ends every session idle longer than the TTL. */
    public void sweep() {
        Instant limit = clock.instant().minus(ttl);
        for (Session s : sessions.values()) {
            if (s.lastAccess().isBefore(limit)) {
                end(s, "ttl");
            }
        }
    }

    /**
     * @param key a conversation
     * @return whether a session was ended
     */
    public boolean close(SessionKey key) {
        Session s = sessions.get(key);
        return s != null && end(s, "closed");
    }

    /** @return the live sessions */
    public Collection<Session> list() {
        return new ArrayList<>(sessions.values());
    }

    /** @return the live sessions of one agent */
    public List<Session> of(String agentId) {
        return sessions.values().stream().filter(s -> s.key().agentId().equals(agentId)).toList();
    }

    /** @return how many sessions are live */
    public int size() {
        return sessions.size();
    }

    private void evictOldestIdle(Session keep) {
        sessions.values().stream().filter(s -> s != keep).min(Comparator.comparing(Session::lastAccess))
                .ifPresent(s -> end(s, "evicted"));
    }

    private boolean end(Session s, String reason) {
        if (!sessions.remove(s.key(), s) || !s.markEnded()) {
            return false;
        }
        persistence.delete(s.id());
        listener.ended(s, reason);
        return true;
    }
}

package dev.nexo.core.internal.agent.session;

import dev.nexo.api.llm.ChatMessage;
import java.time.Instant;
import java.util.List;

/** Where sessions survive a restart. Implementations may write behind; see {@link SessionFiles}. */
public interface SessionPersistence {
    /** A session as read back. */
    record Stored(String id, SessionKey key, Instant createdAt, Instant lastAccess, List<ChatMessage[]> turns) {
    }

    /** Persists nothing: for tests and benchmarks. */
    SessionPersistence NONE = new SessionPersistence() {
        @Override
        public void save(Session session) {
        }

        @Override
        public void delete(String sessionId) {
        }

        @Override
        public List<Stored> load() {
            return List.of();
        }
    };

    /** @param session a session whose history changed */
    void save(Session session);

    /** @param sessionId an ended session */
    void delete(String sessionId);

    /** @return every stored session */
    List<Stored> load();
}

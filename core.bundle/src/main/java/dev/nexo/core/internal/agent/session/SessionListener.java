package dev.nexo.core.internal.agent.session;

/** Told when sessions start and end (the seed's {@code on_expire}); each end is reported once. */
public interface SessionListener {
    /** @param session a new session */
    void started(Session session);

    /**
     * @param session the ended session, already removed from the store
     * @param reason {@code ttl}, {@code evicted} or {@code closed}
     */
    void ended(Session session, String reason);
}

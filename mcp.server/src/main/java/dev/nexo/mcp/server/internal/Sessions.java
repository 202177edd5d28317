package dev.nexo.mcp.server.internal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import dev.nexo.api.trust.AgentPrincipal;

/**
 * MCP sessions: {@code initialize} allocates one ({@code Mcp-Session-Id}), bound to the agent that
 * created it; later requests must name a live session of the same agent, else 404 (the client
 * re-initializes). Idle sessions expire; the number of sessions is capped.
 */
final class Sessions {
    /** One session. */
    record Session(String id, AgentPrincipal principal, String protocolVersion, long createdMillis) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final long idleMillis;
    private final int max;
    private final LongSupplier millis;

    Sessions(long idleMillis, int max, LongSupplier millis) {
        this.idleMillis = idleMillis;
        this.max = Math.max(1, max);
        this.millis = millis;
    }

    /** @return the new session, or empty when the cap is reached even after expiring idle ones */
    Optional<Session> open(AgentPrincipal principal, String protocolVersion) {
        if (byId.size() >= max) {
            expireIdle();
            if (byId.size() >= max) {
                return Optional.empty();
            }
        }
        long now = millis.getAsLong();
        Session s = new Session(UUID.randomUUID().toString(), principal, protocolVersion, now);
        byId.put(s.id(), s);
        lastSeen.put(s.id(), now);
        return Optional.of(s);
    }

    /** @return the live session {@code id} of {@code principal}, touching it; empty for unknown, expired or foreign */
    Optional<Session> find(String id, AgentPrincipal principal) {
        Session s = id == null ? null : byId.get(id);
        if (s == null || !s.principal().equals(principal)) {
            return Optional.empty();
        }
        long now = millis.getAsLong();
        Long seen = lastSeen.get(id);
        if (seen == null || now - seen > idleMillis) {
            close(id);
            return Optional.empty();
        }
        lastSeen.put(id, now);
        return Optional.of(s);
    }

    /** @return whether a session was closed */
    boolean close(String id) {
        lastSeen.remove(id);
        return byId.remove(id) != null;
    }

    /** @return how many idle sessions were expired */
    int expireIdle() {
        long now = millis.getAsLong();
        int n = 0;
        for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
            if (now - e.getValue() > idleMillis && close(e.getKey())) {
                n++;
            }
        }
        return n;
    }

    int size() {
        return byId.size();
    }

    void clear() {
        byId.clear();
        lastSeen.clear();
    }
}

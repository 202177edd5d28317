package dev.nexo.auth.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.nexo.api.event.Ids;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustWindow;

/**
 * Calls and grant requests waiting for a human. In memory: a waiting call cannot outlive the
 * process anyway, and an expired or decided approval completes its future exactly once.
 */
final class ApprovalQueue {
    /** One pending approval; arguments are already redacted. */
    static final class Pending {
        final String id;
        final String subject;
        final String tenant;
        final Capability capability;
        final String arguments;
        final String argumentsHash;
        final TrustWindow requestedWindow;
        final Instant createdAt;
        final Instant expiresAt;
        final CompletableFuture<TrustDecision> decision = new CompletableFuture<>();

        Pending(String subject, String tenant, Capability capability, String arguments, TrustWindow requestedWindow,
                Instant createdAt, Instant expiresAt) {
            this.id = Ids.newId();
            this.subject = subject;
            this.tenant = tenant;
            this.capability = capability;
            this.arguments = Redaction.redact(arguments);
            this.argumentsHash = Redaction.hash(arguments);
            this.requestedWindow = requestedWindow;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }
    }

    /** Most approvals one subject may have waiting; beyond that, calls are denied. */
    static final int MAX_PER_SUBJECT = 32;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Duration timeout;

    ApprovalQueue(Duration timeout) {
        this.timeout = timeout;
    }

    /** @return the waiting approval for the same subject, capability and arguments, or a new one; empty when the subject has too many */
    synchronized Optional<Pending> request(String subject, String tenant, Capability cap, String arguments,
            TrustWindow window, Instant now) {
        String hash = Redaction.hash(arguments);
        long mine = 0;
        for (Pending p : pending.values()) {
            if (p.subject.equals(subject)) {
                mine++;
                if (p.capability.id().equals(cap.id()) && p.tenant.equals(tenant) && java.util.Objects.equals(p.argumentsHash, hash)
                        && p.requestedWindow == window) {
                    return Optional.of(p);
                }
            }
        }
        if (mine >= MAX_PER_SUBJECT) {
            return Optional.empty();
        }
        Pending p = new Pending(subject, tenant, cap, arguments, window, now, now.plus(timeout));
        pending.put(p.id, p);
        return Optional.of(p);
    }

    Optional<Pending> get(String id) {
        return Optional.ofNullable(id == null ? null : pending.get(id));
    }

    /** Removes it for a decision; only one caller can win. */
    Optional<Pending> take(String id) {
        return Optional.ofNullable(id == null ? null : pending.remove(id));
    }

    /** @return and removes every approval whose expiry is at or before {@code now} */
    List<Pending> expire(Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Pending p : List.copyOf(pending.values())) {
            if (!now.isBefore(p.expiresAt) && pending.remove(p.id, p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return and removes everything */
    List<Pending> drain() {
        List<Pending> out = new ArrayList<>(pending.values());
        out.forEach(p -> pending.remove(p.id));
        return out;
    }

    List<Pending> list() {
        List<Pending> out = new ArrayList<>(pending.values());
        out.sort(Comparator.comparing(p -> p.createdAt));
        return out;
    }
}

package dev.nexo.auth.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustWindow;

/**
 * Calls and grant requests waiting for a human, persisted in the trust database's
 * {@code approvals} table so a restart of the trust bundle or the container does not lose them.
 * The live queue (with each approval's future) is in memory; every change of state is written
 * through. On {@link #recover} — the next start — a row still pending is:
 * <ul>
 * <li>{@link #EXPIRED} when its expiry passed meanwhile;</li>
 * <li>{@link #ABANDONED} when an in-process caller was waiting on it ({@code awaitApproval}): that
 * caller died with the previous run, so approving it would resume nothing;</li>
 * <li>restored to the live queue otherwise (a grant request or gateway call whose agent polls the
 * approval by id and can still use the decision).</li>
 * </ul>
 * Approvals a stop or restart closed stay listed for {@link #HISTORY} so the operator sees what
 * happened to them; decided ones are in the audit log.
 */
final class ApprovalQueue {
    static final String PENDING = "pending";
    static final String APPROVED = "approved";
    static final String DENIED = "denied";
    static final String EXPIRED = "expired";
    static final String ABANDONED = "abandoned";
    /** Who closed the approvals a stop or restart left behind; only those are listed after closing. */
    static final String RESTART = "restart";
    /** How long approvals closed by a restart stay in the operator's list. */
    static final Duration HISTORY = Duration.ofDays(1);
    /** Decided rows older than this are deleted at start. */
    static final Duration RETENTION = Duration.ofDays(30);

    /** One approval; arguments are already redacted. */
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
        final String status;
        final CompletableFuture<TrustDecision> decision = new CompletableFuture<>();
        volatile boolean awaited;

        Pending(String subject, String tenant, Capability capability, String arguments, TrustWindow requestedWindow,
                Instant createdAt, Instant expiresAt) {
            this(Ids.newId(), subject, tenant, capability, Redaction.redact(arguments), Redaction.hash(arguments),
                    requestedWindow, createdAt, expiresAt, PENDING);
        }

        private Pending(String id, String subject, String tenant, Capability capability, String redacted, String hash,
                TrustWindow requestedWindow, Instant createdAt, Instant expiresAt, String status) {
            this.id = id;
            this.subject = subject;
            this.tenant = tenant;
            this.capability = capability;
            this.arguments = redacted;
            this.argumentsHash = hash;
            this.requestedWindow = requestedWindow;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
            this.status = status;
        }
    }

    /** What {@link #recover} did with the rows a previous run left pending. */
    record Recovered(List<Pending> restored, List<Pending> expired, List<Pending> abandoned) {
    }

    /** Most approvals one subject may have waiting; beyond that, calls are denied. */
    static final int MAX_PER_SUBJECT = 32;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** How many decided approvals {@link #decided} remembers. */
    static final int RECENT = 1024;
    /**
     * Approvals approved or denied lately, newest last (guarded by itself): a caller that starts
     * waiting only after a quick human decided still gets that decision, not "unknown".
     */
    private final java.util.LinkedHashMap<String, Pending> recent = new java.util.LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
            return size() > RECENT;
        }
    };
    private final Duration timeout;
    private final TrustDb db;

    ApprovalQueue(TrustDb db, Duration timeout) {
        this.db = db;
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
        insert(p);
        pending.put(p.id, p);
        return Optional.of(p);
    }

    Optional<Pending> get(String id) {
        return Optional.ofNullable(id == null ? null : pending.get(id));
    }

    /** Marks that an in-process caller waits on it: after a restart it is abandoned, not restored. */
    void awaited(Pending p) {
        if (!p.awaited) {
            p.awaited = true;
            db.with(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE approvals SET awaited = 1 WHERE id = ?")) {
                    ps.setString(1, p.id);
                    return ps.executeUpdate();
                }
            });
        }
    }

    /** Removes it for a decision, recording {@code status}; only one caller can win. */
    Optional<Pending> take(String id, String status, String by, Instant now) {
        Pending p = id == null ? null : pending.remove(id);
        if (p != null) {
            close(p.id, status, by, now);
            synchronized (recent) {
                recent.put(p.id, p);
            }
        }
        return Optional.ofNullable(p);
    }

    /** @return a recently approved or denied approval (its decision completes, or has completed) */
    Optional<Pending> decided(String id) {
        synchronized (recent) {
            return Optional.ofNullable(id == null ? null : recent.get(id));
        }
    }

    /** @return and removes every approval whose expiry is at or before {@code now}, recorded as expired */
    List<Pending> expire(Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Pending p : List.copyOf(pending.values())) {
            if (!now.isBefore(p.expiresAt) && pending.remove(p.id, p)) {
                close(p.id, EXPIRED, "policy", now);
                out.add(p);
            }
        }
        return out;
    }

    /** @return and removes everything, recorded with {@code status} (e.g. denied at key rotation) */
    List<Pending> drain(String status, String by, Instant now) {
        List<Pending> out = new ArrayList<>(pending.values());
        out.forEach(p -> {
            if (pending.remove(p.id) != null) {
                close(p.id, status, by, now);
            }
        });
        return out;
    }

    /**
     * The trust service stops: approvals an in-process caller waits on are abandoned (the caller
     * gets a denial now), the others stay pending in the database for the next start.
     *
     * @return the abandoned ones
     */
    List<Pending> shutdown(Instant now) {
        List<Pending> abandoned = new ArrayList<>();
        for (Pending p : List.copyOf(pending.values())) {
            pending.remove(p.id);
            if (p.awaited) {
                close(p.id, ABANDONED, RESTART, now);
                abandoned.add(p);
            }
        }
        return abandoned;
    }

    /** Loads what a previous run left pending (see the class comment) and prunes old decided rows. */
    synchronized Recovered recover(Instant now) {
        List<Pending> restored = new ArrayList<>();
        List<Pending> expired = new ArrayList<>();
        List<Pending> abandoned = new ArrayList<>();
        for (Row r : rows("WHERE status = '" + PENDING + "'", now)) {
            if (!now.isBefore(r.pending.expiresAt)) {
                close(r.pending.id, EXPIRED, RESTART, now);
                expired.add(r.pending);
            } else if (r.awaited) {
                close(r.pending.id, ABANDONED, RESTART, now);
                abandoned.add(r.pending);
            } else {
                pending.put(r.pending.id, r.pending);
                restored.add(r.pending);
            }
        }
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM approvals WHERE status <> ? AND closed_at < ?")) {
                ps.setString(1, PENDING);
                ps.setLong(2, now.minus(RETENTION).toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return new Recovered(restored, expired, abandoned);
    }

    /** @return the live queue, oldest first */
    List<Pending> list() {
        List<Pending> out = new ArrayList<>(pending.values());
        out.sort(Comparator.comparing(p -> p.createdAt));
        return out;
    }

    /** @return approvals a stop or restart closed (abandoned, expired) within {@link #HISTORY}, newest first */
    List<Pending> closed(Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Row r : rows("WHERE closed_by = '" + RESTART + "' AND closed_at >= "
                + now.minus(HISTORY).toEpochMilli() + " ORDER BY closed_at DESC", now)) {
            out.add(r.pending);
        }
        return out;
    }

    private record Row(Pending pending, boolean awaited) {
    }

    private List<Row> rows(String where, Instant now) {
        return db.with(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, subject, tenant, capability, sensitivity, provenance, owner,"
                    + " description, arguments, args_hash, win, created_at, expires_at, status, awaited FROM approvals " + where);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Capability cap = Capability.builder(rs.getString(4), Sensitivity.fromWire(rs.getString(5)))
                            .description(rs.getString(8)).providedBy(Provenance.fromWire(rs.getString(6)), rs.getString(7)).build();
                    Pending p = new Pending(rs.getString(1), rs.getString(2), rs.getString(3), cap, rs.getString(9),
                            rs.getString(10), TrustWindow.parse(rs.getString(11)), Instant.ofEpochMilli(rs.getLong(12)),
                            Instant.ofEpochMilli(rs.getLong(13)), rs.getString(14));
                    out.add(new Row(p, rs.getInt(15) != 0));
                }
            }
            return out;
        });
    }

    private void insert(Pending p) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO approvals(id, subject, tenant, capability, sensitivity,"
                    + " provenance, owner, description, arguments, args_hash, win, created_at, expires_at, status, awaited)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)")) {
                ps.setString(1, p.id);
                ps.setString(2, p.subject);
                ps.setString(3, p.tenant);
                ps.setString(4, p.capability.id());
                ps.setString(5, p.capability.sensitivity().wireName());
                ps.setString(6, p.capability.provenance().wireName());
                ps.setString(7, p.capability.owner());
                ps.setString(8, p.capability.description());
                ps.setString(9, p.arguments);
                ps.setString(10, p.argumentsHash);
                ps.setString(11, p.requestedWindow.wireName());
                ps.setLong(12, p.createdAt.toEpochMilli());
                ps.setLong(13, p.expiresAt.toEpochMilli());
                ps.setString(14, PENDING);
                return ps.executeUpdate();
            }
        });
    }

    private void close(String id, String status, String by, Instant now) {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE approvals SET status = ?, closed_by = ?, closed_at = ?"
                    + " WHERE id = ? AND status = ?")) {
                ps.setString(1, status);
                ps.setString(2, by);
                ps.setLong(3, now.toEpochMilli());
                ps.setString(4, id);
                ps.setString(5, PENDING);
                return ps.executeUpdate();
            }
        });
    }
}

package dev.nexo.auth.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import dev.nexo.api.event.Ids;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Grant;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustWindow;

/**
 * The one ledger of grants: every grant ever made, in SQLite, with the live ones mirrored in
 * memory so {@code check} never touches the disk for a read. Revoking is immediate.
 */
final class GrantLedger {
    /** A grant plus its scope (the subject's tenant). */
    record Entry(Grant grant, String scope) {
    }

    private final TrustDb db;
    private final Map<String, Entry> live = new ConcurrentHashMap<>();

    GrantLedger(TrustDb db) {
        this.db = db;
        load();
    }

    Entry grant(Capability capability, String subject, String scope, TrustWindow window, Instant at, String by) {
        Grant g = Grant.of(Ids.newId(), capability, subject, window.clampFor(capability.sensitivity()), at, by);
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO grants(id, capability, sensitivity, subject, scope, win,"
                    + " granted_at, granted_by, revoked_at) VALUES (?,?,?,?,?,?,?,?,NULL)")) {
                ps.setString(1, g.id());
                ps.setString(2, g.capabilityId());
                ps.setString(3, g.sensitivity().wireName());
                ps.setString(4, subject);
                ps.setString(5, scope);
                ps.setString(6, g.window().wireName());
                ps.setLong(7, at.toEpochMilli());
                ps.setString(8, by);
                ps.executeUpdate();
            }
            return null;
        });
        Entry e = new Entry(g, scope);
        live.put(g.id(), e);
        return e;
    }

    /** @return the newest active grant for subject and capability at {@code now} */
    Optional<Entry> active(String subject, String scope, String capabilityId, Instant now) {
        return live.values().stream()
                .filter(e -> e.grant().subjectId().equals(subject) && e.grant().capabilityId().equals(capabilityId)
                        && e.scope().equals(scope) && e.grant().isActiveAt(now))
                .max(Comparator.comparing(e -> e.grant().grantedAt()));
    }

    /** Revokes (or spends) one grant. @return the revoked grant, if it was live */
    Optional<Grant> revoke(String id, Instant at) {
        Entry e = live.remove(id);
        if (e == null) {
            return Optional.empty();
        }
        Instant when = at.isBefore(e.grant().grantedAt()) ? e.grant().grantedAt() : at;
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE grants SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, when.toEpochMilli());
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
        return Optional.of(e.grant().revokedAt(when));
    }

    /** Revokes every live grant matching {@code which}. @return the revoked grants */
    List<Grant> revokeAll(Predicate<Grant> which, Instant at) {
        List<Grant> out = new ArrayList<>();
        for (Entry e : List.copyOf(live.values())) {
            if (which.test(e.grant())) {
                revoke(e.grant().id(), at).ifPresent(out::add);
            }
        }
        return out;
    }

    /** @return the live (not revoked, not expired at {@code now}) grants, newest first */
    List<Entry> standing(Instant now) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : live.values()) {
            if (e.grant().isActiveAt(now)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing((Entry e) -> e.grant().grantedAt()).reversed());
        return out;
    }

    Optional<Entry> get(String id) {
        return Optional.ofNullable(live.get(id));
    }

    private void load() {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, capability, sensitivity, subject, scope, win, granted_at,"
                    + " granted_by FROM grants WHERE revoked_at IS NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Capability stub = Capability.builder(rs.getString(2), Sensitivity.fromWire(rs.getString(3)))
                            .providedBy(dev.nexo.api.trust.Provenance.FIRST_PARTY, "ledger").build();
                    Grant g = Grant.of(rs.getString(1), stub, rs.getString(4), TrustWindow.parse(rs.getString(6)),
                            Instant.ofEpochMilli(rs.getLong(7)), rs.getString(8));
                    live.put(g.id(), new Entry(g, rs.getString(5)));
                }
            }
            return null;
        });
    }
}

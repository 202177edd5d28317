package dev.nexo.auth.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code nexo.trust.target} each capability was last registered with (a plugin's
 * {@code <id>@<version>}, a tool's bound resource), kept in the trust database so that a
 * registration with another target is recognised whether the change happened within this run or
 * while the container was down. Read from memory; written only when a target changes.
 */
final class CapabilityTargets {
    /** Stored for a capability registered without a target (so a later target is a change too). */
    private static final String NONE = "";

    /** A capability's target moved: {@code from} and {@code to} are null for "no target". */
    record Change(String from, String to) {
    }

    private final TrustDb db;
    private final Map<String, String> last = new HashMap<>(); // guarded by this

    CapabilityTargets(TrustDb db) {
        this.db = db;
        load();
    }

    /**
     * @return the change when a target was stored for {@code capabilityId} and differs from
     *         {@code target}; empty for a first registration or the same target
     */
    synchronized Optional<Change> compare(String capabilityId, String target) {
        String before = last.get(capabilityId);
        String now = target == null ? NONE : target;
        return before == null || before.equals(now) ? Optional.empty()
                : Optional.of(new Change(before.isEmpty() ? null : before, target));
    }

    /** Remembers {@code target} as the capability's last one (written through when it changed). */
    synchronized void store(String capabilityId, String target, Instant at) {
        String now = target == null ? NONE : target;
        if (Objects.equals(last.get(capabilityId), now)) {
            return;
        }
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO capability_targets(capability, target, registered_at)"
                    + " VALUES (?,?,?) ON CONFLICT(capability) DO UPDATE SET target = excluded.target,"
                    + " registered_at = excluded.registered_at")) {
                ps.setString(1, capabilityId);
                ps.setString(2, now);
                ps.setLong(3, at.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
        last.put(capabilityId, now);
    }

    private void load() {
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT capability, target FROM capability_targets");
                    ResultSet rs = ps.executeQuery()) {
                synchronized (this) {
                    while (rs.next()) {
                        last.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return null;
        });
    }
}

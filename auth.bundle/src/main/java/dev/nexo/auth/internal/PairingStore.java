package dev.nexo.auth.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.PairingService;

/**
 * Channel-sender pairing in SQLite. An unknown sender on a pairing-gated binding gets an
 * 8-character code valid 60 minutes; at most 3 codes pend per channel account, further unknown
 * senders are dropped silently. The operator approves (atomically), rejects, revokes or pre-seeds.
 */
@Component(service = {PairingService.class, PairingStore.class})
public class PairingStore implements PairingService {
    /** How long a pairing code is valid. */
    public static final Duration CODE_TTL = Duration.ofMinutes(60);
    /** Most codes pending per channel account. */
    public static final int MAX_PENDING_PER_ACCOUNT = 3;
    static final String APPROVED = "approved";
    static final String PENDING = "pending";
    static final String REJECTED = "rejected";

    private final TrustDb db;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public PairingStore(@Reference TrustDb db, @Reference AuditLog audit) {
        this(db, audit, Clock.systemUTC());
    }

    PairingStore(TrustDb db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** One sender as the operator sees it. */
    public static final class SenderDTO {
        public String channel;
        public String instance;
        public String sender;
        public String status;
        public String code;
        public String createdAt;
        public String expiresAt;
    }

    @Override
    public Verdict check(String channelKind, String instance, String senderId) {
        requireKey(channelKind, instance, senderId);
        long now = clock.millis();
        Verdict v = db.tx(c -> {
            SenderDTO known = find(c, channelKind, instance, senderId);
            if (known != null && APPROVED.equals(known.status)) {
                return new Verdict(Status.ALLOWED, null);
            }
            if (known != null && REJECTED.equals(known.status)) {
                return new Verdict(Status.DROPPED, null);
            }
            if (known != null && Instant.parse(known.expiresAt).toEpochMilli() > now) {
                return new Verdict(Status.CHALLENGE, known.code);
            }
            if (pendingOn(c, channelKind, instance, now) >= MAX_PENDING_PER_ACCOUNT) {
                return new Verdict(Status.DROPPED, null);
            }
            String code = Secrets.pairingCode();
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO pairing(kind, instance, sender, status, code,"
                    + " created_at, expires_at) VALUES (?,?,?,?,?,?,?)")) {
                ps.setString(1, channelKind);
                ps.setString(2, instance);
                ps.setString(3, senderId);
                ps.setString(4, PENDING);
                ps.setString(5, code);
                ps.setLong(6, now);
                ps.setLong(7, now + CODE_TTL.toMillis());
                ps.executeUpdate();
            }
            return new Verdict(Status.CHALLENGE, code);
        });
        if (v.status() != Status.ALLOWED) {
            audit.record(channelKind + ":" + instance + ":" + senderId, "pairing.message",
                    v.status() == Status.CHALLENGE ? "challenged" : "dropped", null);
        }
        return v;
    }

    /** Approves the sender holding an unexpired {@code code}, atomically. @return the sender, when the code was pending */
    Optional<SenderDTO> approve(String code, String by) {
        return decide(code, APPROVED, by);
    }

    /** Rejects the sender holding {@code code}; its messages are dropped from now on. */
    Optional<SenderDTO> reject(String code, String by) {
        return decide(code, REJECTED, by);
    }

    private Optional<SenderDTO> decide(String code, String status, String by) {
        if (code == null || code.length() != 8) {
            return Optional.empty();
        }
        long now = clock.millis();
        String normalised = code.toUpperCase(java.util.Locale.ROOT);
        Optional<SenderDTO> decided = db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pairing SET status = ?, code = NULL, expires_at = NULL"
                    + " WHERE code = ? AND status = ? AND expires_at > ? RETURNING kind, instance, sender, status, code, created_at, expires_at")) {
                ps.setString(1, status);
                ps.setString(2, normalised);
                ps.setString(3, PENDING);
                ps.setLong(4, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(dto(rs)) : Optional.<SenderDTO>empty();
                }
            }
        });
        decided.ifPresent(s -> audit.record(by, "pairing." + (APPROVED.equals(status) ? "approve" : "reject"), status,
                "{\"channel\":" + TrustPolicyService.quote(s.channel) + ",\"instance\":" + TrustPolicyService.quote(s.instance)
                        + ",\"sender\":" + TrustPolicyService.quote(s.sender) + "}"));
        return decided;
    }

    /** Pre-approves a sender without a code. */
    SenderDTO seed(String channelKind, String instance, String senderId, String by) {
        requireKey(channelKind, instance, senderId);
        long now = clock.millis();
        db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO pairing(kind, instance, sender, status, code,"
                    + " created_at, expires_at) VALUES (?,?,?,?,NULL,?,NULL)")) {
                ps.setString(1, channelKind);
                ps.setString(2, instance);
                ps.setString(3, senderId);
                ps.setString(4, APPROVED);
                ps.setLong(5, now);
                ps.executeUpdate();
            }
            return null;
        });
        audit.record(by, "pairing.seed", APPROVED, "{\"channel\":" + TrustPolicyService.quote(channelKind) + ",\"instance\":"
                + TrustPolicyService.quote(instance) + ",\"sender\":" + TrustPolicyService.quote(senderId) + "}");
        return db.with(c -> find(c, channelKind, instance, senderId));
    }

    /** Forgets a sender (approved or not); its next message starts pairing again. @return whether it was known */
    boolean revoke(String channelKind, String instance, String senderId, String by) {
        boolean removed = db.with(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM pairing WHERE kind = ? AND instance = ? AND sender = ?")) {
                ps.setString(1, channelKind);
                ps.setString(2, instance);
                ps.setString(3, senderId);
                return ps.executeUpdate() > 0;
            }
        });
        if (removed) {
            audit.record(by, "pairing.revoke", "revoked", "{\"channel\":" + TrustPolicyService.quote(channelKind) + ",\"instance\":"
                    + TrustPolicyService.quote(instance) + ",\"sender\":" + TrustPolicyService.quote(senderId) + "}");
        }
        return removed;
    }

    /** @return every known sender; expired pending codes are shown with their expiry */
    List<SenderDTO> list() {
        return db.with(c -> {
            List<SenderDTO> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kind, instance, sender, status, code, created_at, expires_at"
                    + " FROM pairing ORDER BY kind, instance, created_at");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(dto(rs));
                }
            }
            return out;
        });
    }

    private static int pendingOn(Connection c, String kind, String instance, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pairing WHERE kind = ? AND instance = ? AND status = ?"
                + " AND expires_at > ?")) {
            ps.setString(1, kind);
            ps.setString(2, instance);
            ps.setString(3, PENDING);
            ps.setLong(4, now);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static SenderDTO find(Connection c, String kind, String instance, String sender) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, instance, sender, status, code, created_at, expires_at"
                + " FROM pairing WHERE kind = ? AND instance = ? AND sender = ?")) {
            ps.setString(1, kind);
            ps.setString(2, instance);
            ps.setString(3, sender);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? dto(rs) : null;
            }
        }
    }

    private static SenderDTO dto(ResultSet rs) throws SQLException {
        SenderDTO s = new SenderDTO();
        s.channel = rs.getString(1);
        s.instance = rs.getString(2);
        s.sender = rs.getString(3);
        s.status = rs.getString(4);
        s.code = rs.getString(5);
        s.createdAt = Instant.ofEpochMilli(rs.getLong(6)).toString();
        long exp = rs.getLong(7);
        s.expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(exp).toString();
        return s;
    }

    static void requireKey(String kind, String instance, String sender) {
        for (String part : new String[] {kind, instance, sender}) {
            if (!dev.nexo.api.event.Ids.isValid(part) || part.length() > 256) {
                throw new IllegalArgumentException("channel kind, instance and sender id must be non-blank ids of at most 256 characters");
            }
        }
    }
}

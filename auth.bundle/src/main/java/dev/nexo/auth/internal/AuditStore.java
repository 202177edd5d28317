package dev.nexo.auth.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.AuditLog;

/**
 * The hash-chained audit log in SQLite. Each row's hash covers its fields and the previous row's
 * hash, so editing or deleting a row breaks {@link #verify()}. Retention deletes old rows and
 * keeps the last deleted hash as the chain's anchor.
 */
@Component(service = {AuditLog.class, AuditStore.class}, configurationPid = AuditStore.PID)
@Designate(ocd = AuditStore.Config.class)
public class AuditStore implements AuditLog {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.auth.audit";
    static final String GENESIS = "0".repeat(64);
    private static final Logger LOG = LoggerFactory.getLogger(AuditStore.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");

    @ObjectClassDefinition(name = "Nexo audit log", description = "Retention of the durable, hash-chained audit log.")
    public @interface Config {
        @AttributeDefinition(name = "Retention (days)", description = "Rows older than this many days are deleted "
                + "once a day; 0 keeps every row.", min = "0")
        int retention_days() default 90;
    }

    /** One audit row as the admin API returns it. */
    public static final class Row {
        public long seq;
        public String at;
        public String actor;
        public String action;
        public String outcome;
        public String argsHash;
        public String prevHash;
        public String hash;
    }

    /** Result of a chain check. */
    public static final class Verification {
        public boolean ok;
        public long rows;
        public Long brokenAt;
    }

    private final TrustDb db;
    private final Clock clock;
    private final int retentionDays;
    private final ScheduledExecutorService retention;

    @Activate
    public AuditStore(@Reference TrustDb db, Config config) {
        this(db, Clock.systemUTC(), config.retention_days(), true);
    }

    AuditStore(TrustDb db, Clock clock, int retentionDays, boolean schedule) {
        this.db = db;
        this.clock = clock;
        this.retentionDays = Math.max(0, retentionDays);
        if (schedule && this.retentionDays > 0) {
            retention = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "nexo-audit-retention"));
            retention.scheduleWithFixedDelay(this::applyRetentionSafely, 1, 24 * 60, TimeUnit.MINUTES);
        } else {
            retention = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (retention != null) {
            retention.shutdownNow();
        }
    }

    @Override
    public void record(String actor, String action, String outcome, String argumentsJson) {
        String argsHash = Redaction.hash(argumentsJson);
        AUDIT.info("{} actor={} outcome={} args_hash={}", action, actor, outcome, argsHash);
        try {
            append(clean(actor), clean(action), clean(outcome), argsHash);
        } catch (RuntimeException e) {
            LOG.error("could not append to the audit log: {} {} {}", actor, action, outcome, e);
        }
    }

    private void append(String actor, String action, String outcome, String argsHash) {
        long at = clock.millis();
        db.tx(c -> {
            String prev = GENESIS;
            long seq = 1;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    seq = rs.getLong(1) + 1;
                    prev = rs.getString(2);
                } else {
                    String[] anchor = anchor(c);
                    if (anchor != null) {
                        seq = Long.parseLong(anchor[0]) + 1;
                        prev = anchor[1];
                    }
                }
            }
            String hash = chain(prev, seq, at, actor, action, outcome, argsHash);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit(seq, at, actor, action, outcome, args_hash, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, seq);
                ps.setLong(2, at);
                ps.setString(3, actor);
                ps.setString(4, action);
                ps.setString(5, outcome);
                ps.setString(6, argsHash);
                ps.setString(7, prev);
                ps.setString(8, hash);
                ps.executeUpdate();
            }
            return null;
        });
    }

    static String chain(String prev, long seq, long at, String actor, String action, String outcome, String argsHash) {
        return Secrets.sha256(prev + '|' + seq + '|' + at + '|' + actor + '|' + action + '|' + outcome + '|'
                + (argsHash == null ? "" : argsHash));
    }

    /** Recomputes the whole chain from the anchor. */
    public Verification verify() {
        return db.with(c -> {
            Verification v = new Verification();
            String[] anchor = anchor(c);
            String prev = anchor == null ? GENESIS : anchor[1];
            long expectedSeq = anchor == null ? 1 : Long.parseLong(anchor[0]) + 1;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, at, actor, action, outcome, args_hash, prev_hash, hash FROM audit ORDER BY seq");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String expected = chain(prev, seq, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6));
                    if (seq != expectedSeq || !prev.equals(rs.getString(7)) || !expected.equals(rs.getString(8))) {
                        v.ok = false;
                        v.brokenAt = seq;
                        v.rows = v.rows + 1;
                        return v;
                    }
                    prev = rs.getString(8);
                    expectedSeq = seq + 1;
                    v.rows++;
                }
            }
            v.ok = true;
            return v;
        });
    }

    /**
     * @param actor filter or null
     * @param action filter (exact, or a prefix ending in '.') or null
     * @param outcome filter or null
     * @param afterSeq only rows after this sequence number
     * @param limit at most this many rows
     * @return matching rows, oldest first
     */
    public List<Row> query(String actor, String action, String outcome, long afterSeq, int limit) {
        return db.with(c -> {
            StringBuilder sql = new StringBuilder("SELECT seq, at, actor, action, outcome, args_hash, prev_hash, hash FROM audit WHERE seq > ?");
            List<String> params = new ArrayList<>();
            if (actor != null) {
                sql.append(" AND actor = ?");
                params.add(actor);
            }
            if (action != null) {
                sql.append(action.endsWith(".") ? " AND instr(action, ?) = 1" : " AND action = ?");
                params.add(action);
            }
            if (outcome != null) {
                sql.append(" AND outcome = ?");
                params.add(outcome);
            }
            sql.append(" ORDER BY seq LIMIT ?");
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, afterSeq);
                for (String p : params) {
                    ps.setString(i++, p);
                }
                ps.setInt(i, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs));
                    }
                }
            }
            return rows;
        });
    }

    /** Streams every row, oldest first, to {@code sink} (for export). */
    public void export(Consumer<Row> sink) {
        long after = 0;
        while (true) {
            List<Row> page = query(null, null, null, after, 500);
            page.forEach(sink);
            if (page.size() < 500) {
                return;
            }
            after = page.get(page.size() - 1).seq;
        }
    }

    /** Deletes rows older than the retention, keeping the chain verifiable through the anchor. @return rows deleted */
    public int applyRetention() {
        if (retentionDays == 0) {
            return 0;
        }
        long cutoff = clock.instant().minus(Duration.ofDays(retentionDays)).toEpochMilli();
        return db.tx(c -> {
            long lastSeq = -1;
            String lastHash = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit WHERE at < ? ORDER BY seq DESC LIMIT 1")) {
                ps.setLong(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        lastSeq = rs.getLong(1);
                        lastHash = rs.getString(2);
                    }
                }
            }
            if (lastHash == null) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO audit_anchor(id, seq, hash) VALUES (1, ?, ?)")) {
                ps.setLong(1, lastSeq);
                ps.setString(2, lastHash);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit WHERE seq <= ?")) {
                ps.setLong(1, lastSeq);
                return ps.executeUpdate();
            }
        });
    }

    private void applyRetentionSafely() {
        try {
            int n = applyRetention();
            if (n > 0) {
                LOG.info("audit retention removed {} rows older than {} days", n, retentionDays);
            }
        } catch (RuntimeException e) {
            LOG.warn("audit retention failed", e);
        }
    }

    private static String[] anchor(java.sql.Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_anchor WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new String[] {String.valueOf(rs.getLong(1)), rs.getString(2)} : null;
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        Row r = new Row();
        r.seq = rs.getLong(1);
        r.at = Instant.ofEpochMilli(rs.getLong(2)).toString();
        r.actor = rs.getString(3);
        r.action = rs.getString(4);
        r.outcome = rs.getString(5);
        r.argsHash = rs.getString(6);
        r.prevHash = rs.getString(7);
        r.hash = rs.getString(8);
        return r;
    }

    private static String clean(String s) {
        if (s == null || s.isBlank()) {
            return "-";
        }
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 256 ? t.substring(0, 256) : t;
    }
}

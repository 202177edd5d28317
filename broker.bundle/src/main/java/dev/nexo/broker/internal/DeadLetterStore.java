package dev.nexo.broker.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters: events a handler kept failing on, spool rows NATS kept refusing, and malformed
 * messages. Each row keeps the event's wire form (or the raw text when it was malformed) and the
 * last error, so an operator can inspect, replay or purge it.
 */
final class DeadLetterStore {
    /** One dead letter; a DTO for the admin API (public fields, no logic). */
    public static final class DeadLetter {
        public long id;
        public String eventId;
        public String topic;
        public String subscription;
        public String payload;
        public String error;
        public int attempts;
        public String failedAt;
        public boolean malformed;
    }

    private final BrokerDb db;
    private final Clock clock;

    DeadLetterStore(BrokerDb db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** @return the new dead letter's id */
    long add(String eventId, String topic, String subscription, String payload, String error, int attempts,
            boolean malformed) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "INSERT INTO dead_letters (event_id, topic, subscription, payload, error, attempts, failed_at, malformed)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, eventId);
                ps.setString(2, topic);
                ps.setString(3, subscription);
                ps.setString(4, payload);
                ps.setString(5, error == null ? "" : error);
                ps.setInt(6, attempts);
                ps.setString(7, clock.instant().toString());
                ps.setInt(8, malformed ? 1 : 0);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        }
    }

    /** @return up to {@code limit} dead letters, oldest first */
    List<DeadLetter> list(int limit) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT id, event_id, topic, subscription, payload, error, attempts, failed_at, malformed "
                            + "FROM dead_letters ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                List<DeadLetter> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        }
    }

    Optional<DeadLetter> get(long id) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT id, event_id, topic, subscription, payload, error, attempts, failed_at, malformed "
                            + "FROM dead_letters WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.empty();
                }
            }
        }
    }

    /** @return whether a row was deleted */
    boolean delete(long id) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() > 0;
            }
        }
    }

    /** @return how many rows were deleted */
    int purge() throws SQLException {
        synchronized (db) {
            try (Statement s = db.connection().createStatement()) {
                return s.executeUpdate("DELETE FROM dead_letters");
            }
        }
    }

    long count() throws SQLException {
        synchronized (db) {
            try (Statement s = db.connection().createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM dead_letters")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static DeadLetter row(ResultSet rs) throws SQLException {
        DeadLetter d = new DeadLetter();
        d.id = rs.getLong(1);
        d.eventId = rs.getString(2);
        d.topic = rs.getString(3);
        d.subscription = rs.getString(4);
        d.payload = rs.getString(5);
        d.error = rs.getString(6);
        d.attempts = rs.getInt(7);
        d.failedAt = rs.getString(8);
        d.malformed = rs.getInt(9) != 0;
        return d;
    }
}

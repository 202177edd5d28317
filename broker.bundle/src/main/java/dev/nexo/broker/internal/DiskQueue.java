package dev.nexo.broker.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable spool for publishes made while NATS is unreachable. Rows carry
 * {@code {id, topic, payload, enqueued_at, attempts}}; they are read FIFO in batches, deleted once
 * NATS has acknowledged them, and moved to the dead letters after {@value #MAX_ATTEMPTS} failed
 * attempts. An insert returns only after its commit, so an acknowledged publish survives
 * {@code kill -9}.
 */
final class DiskQueue {
    /** Failed drain attempts after which a row becomes a dead letter. */
    static final int MAX_ATTEMPTS = 3;
    /** Largest drain batch. */
    static final int BATCH = 100;

    /** One spooled publish. */
    record Row(long id, String topic, byte[] payload, String enqueuedAt, int attempts) {
    }

    private final BrokerDb db;
    private final Clock clock;

    DiskQueue(BrokerDb db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends rows in order, in one transaction. */
    void enqueueAll(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        synchronized (db) {
            Connection c = db.connection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO queue (topic, payload, enqueued_at, attempts) VALUES (?, ?, ?, ?)")) {
                String now = clock.instant().toString();
                for (Row r : rows) {
                    ps.setString(1, r.topic());
                    ps.setBytes(2, r.payload());
                    ps.setString(3, r.enqueuedAt() == null ? now : r.enqueuedAt());
                    ps.setInt(4, r.attempts());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Appends one row; returns after the commit. */
    void enqueue(String topic, byte[] payload) throws SQLException {
        enqueueAll(List.of(new Row(0, topic, payload, null, 0)));
    }

    /** @return up to {@code max} oldest rows, oldest first */
    List<Row> peek(int max) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT id, topic, payload, enqueued_at, attempts FROM queue ORDER BY id LIMIT ?")) {
                ps.setInt(1, max);
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4), rs.getInt(5)));
                    }
                }
                return out;
            }
        }
    }

    /** Deletes delivered rows. */
    void delete(List<Row> rows) throws SQLException {
        synchronized (db) {
            Connection c = db.connection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM queue WHERE id = ?")) {
                for (Row r : rows) {
                    ps.setLong(1, r.id());
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** @return the row's attempts after counting one more failure */
    int recordFailure(Row row) throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "UPDATE queue SET attempts = attempts + 1 WHERE id = ?")) {
                ps.setLong(1, row.id());
                ps.executeUpdate();
            }
            return row.attempts() + 1;
        }
    }

    /** @return the number of spooled rows */
    long size() throws SQLException {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement("SELECT COUNT(*) FROM queue");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

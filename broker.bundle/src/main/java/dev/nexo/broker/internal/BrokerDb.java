package dev.nexo.broker.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The broker's SQLite file ({@code broker.db}): the disk queue and the dead letters. One
 * connection, used under this object's lock; WAL journal, so a commit is one append (and, with
 * fsync on, one {@code fsync}). Survives {@code kill -9}: what was committed is there on restart.
 */
final class BrokerDb implements AutoCloseable {
    static final String FILE = "broker.db";

    private final Path file;
    private final Connection conn;

    /**
     * @param dir directory for {@value #FILE}; created if missing
     * @param fsync {@code true}: every commit is flushed to disk ({@code synchronous=FULL});
     *     {@code false}: left to the OS ({@code synchronous=OFF}), faster, may lose the last
     *     commits on power loss (not on a process crash)
     */
    BrokerDb(Path dir, boolean fsync) throws IOException, SQLException {
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(fsync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.OFF);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        this.conn = ds.getConnection();
        try (Statement s = conn.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS queue (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, "
                    + "payload BLOB NOT NULL, enqueued_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS dead_letters (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "event_id TEXT, topic TEXT NOT NULL, subscription TEXT, payload TEXT NOT NULL, error TEXT NOT NULL, "
                    + "attempts INTEGER NOT NULL, failed_at TEXT NOT NULL, malformed INTEGER NOT NULL DEFAULT 0)");
        }
    }

    /** @return the database file */
    Path file() {
        return file;
    }

    /** @return the connection; callers hold this object's lock while using it */
    Connection connection() {
        return conn;
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // closing: nothing left to protect
        }
    }
}

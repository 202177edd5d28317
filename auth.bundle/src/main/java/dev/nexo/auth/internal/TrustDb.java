package dev.nexo.auth.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The auth bundle's SQLite database, {@code <state root>/data/auth/trust.db}: one connection,
 * used under this object's lock, so every write is serialised (SQLite allows one writer anyway).
 * The schema only grows: every statement is idempotent and runs on each open, so a file written
 * by an older release gains the new tables and indexes and keeps its rows.
 */
@Component(service = TrustDb.class)
public class TrustDb implements AutoCloseable {
    /** Path of the database inside the state root. */
    public static final String FILE = "data/auth/trust.db";
    private static final Logger LOG = LoggerFactory.getLogger(TrustDb.class);
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,"
                + " action TEXT NOT NULL, outcome TEXT NOT NULL, args_hash TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS audit_anchor(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS grants(id TEXT PRIMARY KEY, capability TEXT NOT NULL, sensitivity TEXT NOT NULL,"
                + " subject TEXT NOT NULL, scope TEXT NOT NULL, win TEXT NOT NULL, granted_at INTEGER NOT NULL,"
                + " granted_by TEXT NOT NULL, revoked_at INTEGER)",
        "CREATE TABLE IF NOT EXISTS agents(id TEXT PRIMARY KEY, tenant TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)",
        "CREATE TABLE IF NOT EXISTS enrollment(code_hash TEXT PRIMARY KEY, agent TEXT NOT NULL, epoch TEXT NOT NULL,"
                + " expires_at INTEGER NOT NULL, used_at INTEGER)",
        "CREATE TABLE IF NOT EXISTS tokens(token_hash TEXT PRIMARY KEY, agent TEXT NOT NULL, epoch TEXT NOT NULL,"
                + " created_at INTEGER NOT NULL, revoked_at INTEGER)",
        "CREATE TABLE IF NOT EXISTS pairing(kind TEXT NOT NULL, instance TEXT NOT NULL, sender TEXT NOT NULL, status TEXT NOT NULL,"
                + " code TEXT, created_at INTEGER NOT NULL, expires_at INTEGER, PRIMARY KEY (kind, instance, sender))",
        "CREATE TABLE IF NOT EXISTS approvals(id TEXT PRIMARY KEY, subject TEXT NOT NULL, tenant TEXT NOT NULL,"
                + " capability TEXT NOT NULL, sensitivity TEXT NOT NULL, provenance TEXT NOT NULL, owner TEXT, description TEXT,"
                + " arguments TEXT, args_hash TEXT, win TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
                + " status TEXT NOT NULL, awaited INTEGER NOT NULL DEFAULT 0, closed_by TEXT, closed_at INTEGER)",
        "CREATE INDEX IF NOT EXISTS approvals_status ON approvals(status, closed_at)",
        // added later: an older file gains the table on open and keeps its data; no row = never registered
        "CREATE TABLE IF NOT EXISTS capability_targets(capability TEXT PRIMARY KEY, target TEXT NOT NULL,"
                + " registered_at INTEGER NOT NULL)",
    };

    private final Connection connection;
    private final Path file;

    @Activate
    public TrustDb(BundleContext context) {
        this(StateDir.root(context::getProperty).resolve(FILE));
    }

    TrustDb(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // WAL + NORMAL: commits do not wait for fsync (the file stays consistent; a power cut
            // may lose the last commits). FULL cost ~5 ms per audited decision here (see docs/performance.md).
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(5000);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file);
            this.connection = ds.getConnection();
            try (Statement st = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    st.execute(ddl);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the trust database " + file, e);
        }
        LOG.info("trust database at {}", file);
    }

    /** Work done with the connection under the database lock. */
    @FunctionalInterface
    public interface Work<T> {
        /** @return the result */
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} holding the lock; SQL failures become {@link IllegalStateException}. */
    public synchronized <T> T with(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("trust database operation failed", e);
        }
    }

    /** Runs {@code work} in one transaction: all of it or none. */
    public synchronized <T> T tx(Work<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("trust database transaction failed", e);
        }
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    @Override
    @Deactivate
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the trust database failed", e);
        }
    }
}

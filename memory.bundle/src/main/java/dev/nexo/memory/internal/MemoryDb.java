package dev.nexo.memory.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.message.ChannelRef;

/**
 * The SQLite file: memories, their FTS5 index and their vectors. Not thread-safe: the store calls
 * it from its one database thread only. Every query that reads or deletes memories takes the
 * scope, so there is no method that can reach another agent's rows.
 */
final class MemoryDb implements AutoCloseable {
    static final String META_DIMS = "vector.dimensions";
    static final String META_MODEL = "vector.model";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final String COLUMNS = "seq, id, tenant_id, agent_id, content, tags, concept_tags, memory_type, "
            + "created_at, channel_kind, channel_instance, chat_id, message_id, sender_id";

    private final Path file;
    private final Connection conn;

    /** A stored memory with its row number (the key of its FTS row and its vector). */
    record Row(long seq, MemoryRecord record) {
    }

    /** One stored vector. */
    record StoredVector(long seq, MemoryScope scope, float[] vector) {
    }

    MemoryDb(Path file) throws SQLException {
        this.file = file;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the directory of " + file, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5000);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        this.conn = ds.getConnection();
        createSchema();
    }

    Path file() {
        return file;
    }

    private void createSchema() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS memories(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                    + " tenant_id TEXT NOT NULL, agent_id TEXT NOT NULL, content TEXT NOT NULL,"
                    + " tags TEXT NOT NULL DEFAULT '[]', concept_tags TEXT NOT NULL DEFAULT '[]', memory_type TEXT,"
                    + " created_at TEXT NOT NULL, created_ms INTEGER NOT NULL, channel_kind TEXT, channel_instance TEXT,"
                    + " chat_id TEXT, message_id TEXT, sender_id TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_memories_scope ON memories(tenant_id, agent_id, created_ms)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_memories_sender ON memories(tenant_id, agent_id, sender_id)");
            s.execute("CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(content,"
                    + " tokenize = 'unicode61 remove_diacritics 2')");
            s.execute("CREATE VIRTUAL TABLE IF NOT EXISTS memories_vocab USING fts5vocab(memories_fts, 'row')");
            s.execute("CREATE TABLE IF NOT EXISTS memory_vectors(seq INTEGER PRIMARY KEY, vec BLOB NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS memory_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        }
    }

    /** @return the SQLite library version, for logs */
    String sqliteVersion() throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Inserts a record (its id must be new) and its FTS row; returns its row number, or -1 if the id exists. */
    long insert(MemoryRecord r) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR IGNORE INTO memories(id, tenant_id, agent_id, content,"
                + " tags, concept_tags, memory_type, created_at, created_ms, channel_kind, channel_instance, chat_id,"
                + " message_id, sender_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
            MemorySource src = r.source();
            ps.setString(1, r.id());
            ps.setString(2, r.scope().tenantId());
            ps.setString(3, r.scope().agentId());
            ps.setString(4, r.content());
            ps.setString(5, json(r.tags()));
            ps.setString(6, json(r.conceptTags()));
            ps.setString(7, r.memoryType().orElse(null));
            ps.setString(8, r.createdAt().toString());
            ps.setLong(9, r.createdAt().toEpochMilli());
            ps.setString(10, src.channelRef().map(ChannelRef::kind).orElse(null));
            ps.setString(11, src.channelRef().flatMap(ChannelRef::instance).orElse(null));
            ps.setString(12, src.chatId());
            ps.setString(13, src.messageId());
            ps.setString(14, src.senderId());
            if (ps.executeUpdate() == 0) {
                return -1;
            }
            long seq;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
            }
            try (PreparedStatement fts = conn.prepareStatement("INSERT INTO memories_fts(rowid, content) VALUES (?, ?)")) {
                fts.setLong(1, seq);
                fts.setString(2, r.content());
                fts.executeUpdate();
            }
            return seq;
        }
    }

    /** Runs {@code work} in one transaction. */
    <T> T inTransaction(SqlWork<T> work) throws SQLException {
        conn.setAutoCommit(false);
        try {
            T result = work.run();
            conn.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /** Work inside a transaction. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** @return row numbers of the scope's memories matching any word of {@code text}, best (BM25) first */
    List<Long> keywordSearch(MemoryScope scope, String text, List<String> tags, int limit) throws SQLException {
        String match = ftsQuery(selective(words(text)));
        if (match.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT m.seq FROM memories_fts f JOIN memories m ON m.seq = f.rowid"
                + " WHERE memories_fts MATCH ? AND m.tenant_id = ? AND m.agent_id = ?" + tagFilter(tags)
                + " ORDER BY bm25(memories_fts) LIMIT ?";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, match);
            ps.setString(i++, scope.tenantId());
            ps.setString(i++, scope.agentId());
            for (String t : tags) {
                ps.setString(i++, t);
            }
            ps.setInt(i, limit);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private static String tagFilter(List<String> tags) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tags.size(); i++) {
            sb.append(" AND EXISTS (SELECT 1 FROM json_each(m.tags) WHERE json_each.value = ?)");
        }
        return sb.toString();
    }

    /** @return every distinct word of the text, lower-cased, in order */
    static List<String> words(String text) {
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        List<String> words = new ArrayList<>();
        while (m.find()) {
            if (!words.contains(m.group())) {
                words.add(m.group());
            }
        }
        return words;
    }

    /** Every word as a quoted FTS5 term, joined with OR: operators in user text mean nothing. */
    static String ftsQuery(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        words.forEach(w -> quoted.add('"' + w + '"'));
        return String.join(" OR ", quoted);
    }

    /** As {@link #ftsQuery(List)} over {@link #words(String)}. */
    static String ftsQuery(String text) {
        return ftsQuery(words(text));
    }

    /** Below this many rows every query word is searched (BM25 over a few thousand matches is cheap). */
    static final long COMMON_MIN_ROWS = 10_000;
    /** A word in more than this share of the rows is left out of the keyword query (when another word is left). */
    static final double COMMON_SHARE = 0.10;
    private final Map<String, Long> docFreq = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 4096;
        }
    };
    private long docFreqRows = -1;
    /** {@link #COMMON_MIN_ROWS}; lowered by tests. */
    long commonMinRows = COMMON_MIN_ROWS;

    /**
     * Leaves out words that occur in more than {@value #COMMON_SHARE} of the rows once the store is
     * large: ranking every row that contains "the" or a word common to one agent's notes is what
     * made keyword recall cost ~130 ms at 100 000 memories (vs ~1 ms without it), and such a word
     * adds next to nothing to BM25 (its IDF tends to 0). The rarest word is always kept. Document
     * frequencies come from FTS5's vocabulary table and are cached until the table grew by a tenth.
     */
    List<String> selective(List<String> words) throws SQLException {
        if (words.size() < 2) {
            return words;
        }
        long rows = maxSeq();
        if (rows < commonMinRows) {
            return words;
        }
        if (rows - docFreqRows > rows / 10 || docFreqRows > rows) {
            docFreq.clear();
            docFreqRows = rows;
        }
        List<String> keep = new ArrayList<>(words.size());
        String rarest = null;
        long rarestFreq = Long.MAX_VALUE;
        for (String w : words) {
            Long f = docFreq.get(w);
            if (f == null) {
                f = documentFrequency(w);
                docFreq.put(w, f);
            }
            if (f <= rows * COMMON_SHARE) {
                keep.add(w);
            }
            if (f < rarestFreq) {
                rarestFreq = f;
                rarest = w;
            }
        }
        return keep.isEmpty() ? List.of(rarest) : keep;
    }

    private long maxSeq() throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT max(seq) FROM memories")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private long documentFrequency(String word) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT doc FROM memories_vocab WHERE term = ?")) {
            ps.setString(1, word);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** @return the rows with these numbers that belong to {@code scope}, in the order of {@code seqs} */
    List<Row> fetch(MemoryScope scope, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return List.of();
        }
        String in = String.join(",", java.util.Collections.nCopies(seqs.size(), "?"));
        Map<Long, Row> bySeq = new LinkedHashMap<>();
        // Rowid lookups only: the unary + keeps the planner off the (tenant, agent, created) index,
        // which would otherwise walk every row of the scope (100 000 rows: tens of ms) per fetch.
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS
                + " FROM memories WHERE seq IN (" + in + ") AND +tenant_id = ? AND +agent_id = ?")) {
            for (int i = 0; i < seqs.size(); i++) {
                ps.setLong(i + 1, seqs.get(i));
            }
            ps.setString(seqs.size() + 1, scope.tenantId());
            ps.setString(seqs.size() + 2, scope.agentId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = row(rs);
                    bySeq.put(r.seq(), r);
                }
            }
        }
        List<Row> out = new ArrayList<>();
        for (Long s : seqs) {
            Row r = bySeq.get(s);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return the scope's row with this id */
    Optional<Row> find(MemoryScope scope, String id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS
                + " FROM memories WHERE tenant_id = ? AND agent_id = ? AND id = ?")) {
            ps.setString(1, scope.tenantId());
            ps.setString(2, scope.agentId());
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** Streams the scope's rows, oldest first. */
    long scan(MemoryScope scope, Consumer<Row> sink) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS
                + " FROM memories WHERE tenant_id = ? AND agent_id = ? ORDER BY created_ms, seq")) {
            ps.setString(1, scope.tenantId());
            ps.setString(2, scope.agentId());
            long n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(row(rs));
                    n++;
                }
            }
            return n;
        }
    }

    /** @return row numbers of the scope's memories from this sender */
    List<Long> seqsBySender(MemoryScope scope, String senderId) throws SQLException {
        return seqs("SELECT seq FROM memories WHERE tenant_id = ? AND agent_id = ? AND sender_id = ?",
                scope.tenantId(), scope.agentId(), senderId);
    }

    /** @return row numbers of every memory of the scope */
    List<Long> seqsOfScope(MemoryScope scope) throws SQLException {
        return seqs("SELECT seq FROM memories WHERE tenant_id = ? AND agent_id = ?", scope.tenantId(), scope.agentId());
    }

    private List<Long> seqs(String sql, String... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    /** Deletes a memory, its FTS row and its vector. The caller has checked the scope. */
    void delete(long seq) throws SQLException {
        for (String sql : new String[] {"DELETE FROM memories WHERE seq = ?", "DELETE FROM memories_fts WHERE rowid = ?",
            "DELETE FROM memory_vectors WHERE seq = ?"}) {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setLong(1, seq);
                ps.executeUpdate();
            }
        }
    }

    void putVector(long seq, float[] v) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT OR REPLACE INTO memory_vectors(seq, vec) SELECT seq, ? FROM memories WHERE seq = ?")) {
            ps.setBytes(1, toBytes(v));
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    /** @return the vector of one row, if it has one */
    Optional<float[]> vector(long seq) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT vec FROM memory_vectors WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(fromBytes(rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    /** Streams every stored vector with its scope (index rebuild at start: no re-embedding). */
    long loadVectors(Consumer<StoredVector> sink) throws SQLException {
        long n = 0;
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT v.seq, m.tenant_id, m.agent_id, v.vec"
                + " FROM memory_vectors v JOIN memories m ON m.seq = v.seq ORDER BY v.seq")) {
            while (rs.next()) {
                sink.accept(new StoredVector(rs.getLong(1), new MemoryScope(rs.getString(2), rs.getString(3)),
                        fromBytes(rs.getBytes(4))));
                n++;
            }
        }
        return n;
    }

    /** @return row numbers and contents of memories without a vector, oldest first */
    Map<Long, String> withoutVector(int limit) throws SQLException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT m.seq, m.content FROM memories m"
                + " LEFT JOIN memory_vectors v ON v.seq = m.seq WHERE v.seq IS NULL ORDER BY m.seq LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** @return the owner of a row (the row must exist) */
    MemoryScope scopeOf(long seq) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT tenant_id, agent_id FROM memories WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no memory row " + seq);
                }
                return new MemoryScope(rs.getString(1), rs.getString(2));
            }
        }
    }

    /** @return the content of a row, if it still exists */
    Optional<String> content(long seq) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT content FROM memories WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    long countVectors() throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM memory_vectors")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Drops every vector and the recorded model (reindex). */
    void dropVectors() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.executeUpdate("DELETE FROM memory_vectors");
            s.executeUpdate("DELETE FROM memory_meta WHERE key IN ('" + META_DIMS + "', '" + META_MODEL + "')");
        }
    }

    Optional<String> meta(String key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM memory_meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    void putMeta(String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT OR REPLACE INTO memory_meta(key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        MemoryScope scope = new MemoryScope(rs.getString(3), rs.getString(4));
        MemoryRecord r = MemoryRecord.of(rs.getString(2), scope, rs.getString(5), list(rs.getString(6)),
                Instant.parse(rs.getString(9))).withConceptTags(list(rs.getString(7))).withMemoryType(rs.getString(8));
        String kind = rs.getString(10);
        ChannelRef channel = kind == null ? null : ChannelRef.of(kind, rs.getString(11));
        MemorySource src = new MemorySource(channel, rs.getString(12), rs.getString(13), rs.getString(14));
        if (!src.equals(MemorySource.NONE)) {
            r = r.withSource(src);
        }
        return new Row(rs.getLong(1), r);
    }

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt tag list in the memory database", e);
        }
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}

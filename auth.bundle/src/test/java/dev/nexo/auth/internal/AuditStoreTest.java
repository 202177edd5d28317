package dev.nexo.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreTest {
    @TempDir
    Path dir;
    private TrustDb db;
    private Fixtures.ManualClock clock;
    private AuditStore audit;

    @BeforeEach
    void setUp() {
        db = Fixtures.db(dir);
        clock = new Fixtures.ManualClock();
        audit = new AuditStore(db, clock, 30, false);
        audit.record("agent-a", "tool.notes_write", "pending", "{\"text\":\"x\"}");
        audit.record("admin", "approval.tool.notes_write", "approved", null);
        audit.record("agent-a", "tool.shell", "denied", "{\"cmd\":\"rm -rf /\",\"password\":\"p\"}");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void anIntactChainVerifies() {
        AuditStore.Verification v = audit.verify();
        assertTrue(v.ok);
        assertEquals(3, v.rows);
    }

    @Test
    void alteringARowInTheDatabaseIsDetected() {
        exec("UPDATE audit SET outcome = 'allowed' WHERE seq = 2");
        AuditStore.Verification v = audit.verify();
        assertFalse(v.ok);
        assertEquals(2L, v.brokenAt);
    }

    @Test
    void deletingARowIsDetected() {
        exec("DELETE FROM audit WHERE seq = 2");
        assertFalse(audit.verify().ok);
    }

    @Test
    void argumentsAreStoredOnlyAsAHashOfTheRedactedForm() {
        AuditStore.Row row = audit.query(null, "tool.shell", null, 0, 10).get(0);
        assertEquals(Secrets.sha256("{\"cmd\":\"rm -rf /\",\"password\":\"[redacted]\"}"), row.argsHash);
        assertNotEquals(Secrets.sha256("{\"cmd\":\"rm -rf /\",\"password\":\"p\"}"), row.argsHash);
    }

    @Test
    void retentionDropsOldRowsAndTheRestStillVerifies() {
        clock.advance(Duration.ofDays(31));
        audit.record("admin", "grant.revoke", "revoked", null);
        assertEquals(3, audit.applyRetention());
        AuditStore.Verification v = audit.verify();
        assertTrue(v.ok, "the anchor carries the chain across the cut");
        assertEquals(1, v.rows);
        audit.record("admin", "grant.revoke", "revoked", null);
        assertTrue(audit.verify().ok);
        assertEquals(5, audit.query(null, null, null, 0, 10).get(1).seq, "sequence numbers keep counting");
    }

    @Test
    void exportStreamsEveryRowInOrder() {
        List<Long> seqs = new ArrayList<>();
        audit.export(r -> seqs.add(r.seq));
        assertEquals(List.of(1L, 2L, 3L), seqs);
    }

    private void exec(String sql) {
        db.with(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate(sql);
            }
            return null;
        });
    }
}

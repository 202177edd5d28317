package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.message.ChannelRef;

class SnapshotsTest {
    static final MemoryScope A = SqliteMemoryStoreTest.A;
    static final MemoryScope B = SqliteMemoryStoreTest.B;

    @TempDir
    Path dir;
    SqliteMemoryStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    List<SqliteMemoryStore.Entry> entries(MemoryScope scope) {
        List<SqliteMemoryStore.Entry> out = new ArrayList<>();
        SqliteMemoryStoreTest.join(store.exportEntries(scope, out::add));
        return out;
    }

    static void assertSame(List<SqliteMemoryStore.Entry> expected, List<SqliteMemoryStore.Entry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).record(), actual.get(i).record());
            assertArrayEquals(expected.get(i).vector(), actual.get(i).vector(), 0f, "vectors bit for bit");
        }
    }

    @Test
    void snapshotAndRestoreRoundTripExactlyWithAnAutomaticPreRestoreSnapshot() throws Exception {
        store = SqliteMemoryStore.withDefaults(dir.resolve("memory.db"));
        HashEmbedder e = new HashEmbedder(24);
        store.setEmbedder(e);
        SqliteMemoryStoreTest.join(store.store(A, "first fact about tea", List.of("drinks"),
                new MemorySource(ChannelRef.of("telegram", "bot"), "c1", "m1", "u1")));
        SqliteMemoryStoreTest.join(store.store(A, "second fact about coffee", List.of()));
        SqliteMemoryStoreTest.join(store.store(B, "kate's own fact", List.of()));
        Wait.until("vectors", () -> SqliteMemoryStoreTest.join(store.vectorCount()) == 3);
        List<SqliteMemoryStore.Entry> before = entries(A);

        Snapshots snaps = new Snapshots(store, dir.resolve("snapshots"),
                Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
        Path snap = snaps.create(A, "before change");
        assertTrue(Files.exists(Snapshots.checksumFile(snap)));

        SqliteMemoryStoreTest.join(store.forget(A, before.get(0).record().id()));
        SqliteMemoryStoreTest.join(store.store(A, "a later fact", List.of()));
        Snapshots later = new Snapshots(store, dir.resolve("snapshots"),
                Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC));
        Snapshots.RestoreReport report = later.restore(A, snap, true);

        assertEquals(2, report.records());
        assertNotNull(report.preSnapshot());
        assertEquals(2, later.list(A).size(), "the snapshot and the automatic pre-restore one");
        assertSame(before, entries(A));
        assertEquals(1, entries(B).size(), "other scopes are untouched");
        assertEquals("first fact about tea", SqliteMemoryStoreTest.join(store.recall(A,
                new RecallQuery("tea first", 1, RecallMode.VECTOR, List.of()))).get(0).content(),
                "restored vectors are searchable without re-embedding");

        // and the pre-restore snapshot brings the changed state back
        later.restore(A, report.preSnapshot(), false);
        assertEquals(List.of("second fact about coffee", "a later fact"),
                entries(A).stream().map(x -> x.record().content()).toList());
    }

    @Test
    void aTamperedOrForeignSnapshotChangesNothing() throws Exception {
        store = SqliteMemoryStore.withDefaults(dir.resolve("memory.db"));
        SqliteMemoryStoreTest.join(store.store(A, "keep me", List.of()));
        Snapshots snaps = new Snapshots(store, dir.resolve("snapshots"), Clock.systemUTC());
        Path snap = snaps.create(A, null);

        MemoryException foreign = assertThrows(MemoryException.class, () -> snaps.restore(B, snap, true));
        assertEquals(MemoryErrorCode.SCOPE_VIOLATION, foreign.code());

        byte[] bytes = Files.readAllBytes(snap);
        bytes[bytes.length / 2] ^= 1;
        Files.write(snap, bytes);
        MemoryException tampered = assertThrows(MemoryException.class, () -> snaps.restore(A, snap, true));
        assertTrue(tampered.getMessage().contains("checksum"));
        assertEquals(List.of("keep me"), entries(A).stream().map(x -> x.record().content()).toList());
        assertEquals(1, snaps.list(A).size(), "no pre-restore snapshot was taken for a refused restore");
    }

    @Test
    void jsonLinesCarryEveryFieldAndTheExactVector() throws Exception {
        float[] v = {0.1f, -2.5e-8f, Float.MIN_VALUE, 3.4028235e38f};
        dev.nexo.api.memory.MemoryRecord r = dev.nexo.api.memory.MemoryRecord.of("id-1", A, "text \"quoted\"\nline",
                List.of("a", "b"), Instant.parse("2026-01-02T03:04:05.123456789Z")).withConceptTags(List.of("c"))
                .withMemoryType("fact").withSource(new MemorySource(ChannelRef.of("email"), null, "m", "s"));
        SqliteMemoryStore.Entry back = Jsonl.read(Jsonl.write(r, v));
        assertEquals(r, back.record());
        assertArrayEquals(v, back.vector(), 0f);
    }
}

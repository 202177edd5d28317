package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.message.ChannelRef;

class SqliteMemoryStoreTest {
    static final MemoryScope A = new MemoryScope("acme", "ana");
    static final MemoryScope B = new MemoryScope("acme", "kate");
    static final MemoryScope A_OTHER_TENANT = new MemoryScope("globex", "ana");

    @TempDir
    Path dir;
    final List<SqliteMemoryStore> open = new ArrayList<>();

    SqliteMemoryStore open(int configuredDims, SecretGuard guard) {
        SqliteMemoryStore s = new SqliteMemoryStore(dir.resolve("memory.db"), configuredDims,
                SqliteMemoryStore.Settings.defaults(), guard, Clock.fixed(Instant.parse("2026-11-23T10:15:30.123456789Z"),
                        ZoneOffset.UTC));
        open.add(s);
        return s;
    }

    @AfterEach
    void close() {
        open.forEach(SqliteMemoryStore::close);
    }

    static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    static List<String> contents(List<MemoryRecord> rs) {
        return rs.stream().map(MemoryRecord::content).toList();
    }

    @Test
    void keywordRecallUsesFts5AndKeepsEverythingStored() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        MemorySource src = new MemorySource(ChannelRef.of("telegram", "bot1"), "chat-9", "m-1", "user-7");
        MemoryRecord stored = join(s.store(A, "The client's address is Calle Mayor 5, Madrid", List.of("client"), src));
        join(s.store(A, "Invoices are due on the fifth", List.of()));

        List<MemoryRecord> hits = join(s.recall(A, new RecallQuery("where is the client address?", 5, RecallMode.KEYWORD,
                List.of())));
        assertEquals(stored, hits.get(0), "FTS5 finds it and the record comes back exactly (source, tags, timestamp)");
        assertEquals(List.of(), join(s.recall(A, new RecallQuery("address", 5, RecallMode.KEYWORD, List.of("other")))));
    }

    @Test
    void oneAgentNeverSeesAnothersMemoriesInAnyMode() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        HashEmbedder e = new HashEmbedder(64);
        s.setEmbedder(e);
        MemoryRecord secret = join(s.store(A, "ana keeps the spare key under the blue flowerpot", List.of()));
        join(s.store(A_OTHER_TENANT, "ana in another tenant likes the blue flowerpot too", List.of()));
        Wait.until("vectors", () -> join(s.vectorCount()) == 2);

        for (RecallMode mode : RecallMode.values()) {
            List<MemoryRecord> b = join(s.recall(B, new RecallQuery("spare key blue flowerpot", 10, mode, List.of())));
            assertEquals(List.of(), b, "agent B sees nothing of agent A in " + mode);
            List<MemoryRecord> a = join(s.recall(A, new RecallQuery("spare key blue flowerpot", 10, mode, List.of())));
            assertEquals(List.of(secret), a, "agent A sees only its own tenant's memory in " + mode);
        }
        assertFalse(join(s.forget(B, secret.id())), "B cannot forget A's memory by id");
        assertEquals(0, join(s.forgetBySender(B, "anyone")));
        assertTrue(join(s.forget(A, secret.id())));
    }

    @Test
    void semanticRecallOnceTheVectorIsReadyAndHybridFusesBothSides() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        HashEmbedder e = new HashEmbedder(128);
        s.setEmbedder(e);
        join(s.store(A, "alpha beta gamma", List.of()));
        join(s.store(A, "delta epsilon zeta", List.of()));
        Wait.until("vectors", () -> join(s.vectorCount()) == 2);
        List<MemoryRecord> v = join(s.recall(A, new RecallQuery("zeta epsilon", 2, RecallMode.VECTOR, List.of())));
        assertEquals("delta epsilon zeta", v.get(0).content());
        List<MemoryRecord> h = join(s.recall(A, RecallQuery.of("gamma", 2)));
        assertEquals("alpha beta gamma", h.get(0).content());
        assertEquals(0, s.vectorFailures());
    }

    @Test
    void hybridFallsBackToKeywordAndCountsWhenTheVectorSideFails() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        HashEmbedder e = new HashEmbedder(32);
        s.setEmbedder(e);
        join(s.store(A, "the boiler is serviced every October", List.of()));
        Wait.until("vector", () -> join(s.vectorCount()) == 1);
        e.fail = true;
        assertEquals(List.of("the boiler is serviced every October"),
                contents(join(s.recall(A, RecallQuery.of("boiler service")))));
        assertEquals(1, s.vectorFailures());
        CompletionException ex = assertThrows(CompletionException.class,
                () -> join(s.recall(A, new RecallQuery("boiler", 5, RecallMode.VECTOR, List.of()))));
        assertInstanceOf(IllegalStateException.class, ex.getCause(), "pure vector mode surfaces the failure");
    }

    @Test
    void reciprocalRankFusionIsOneOverSixtyPlusRank() {
        java.util.Map<Long, Double> fused = new java.util.LinkedHashMap<>();
        SqliteMemoryStore.rrf(List.of(7L, 8L), fused);
        SqliteMemoryStore.rrf(List.of(8L), fused);
        assertEquals(1.0 / 61, fused.get(7L), 1e-12);
        assertEquals(1.0 / 62 + 1.0 / 61, fused.get(8L), 1e-12);
    }

    @Test
    void forgetBySenderDeletesMemoriesAndVectors() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        s.setEmbedder(new HashEmbedder(16));
        MemorySource bob = new MemorySource(ChannelRef.of("whatsapp"), null, "m1", "bob");
        join(s.store(A, "bob likes green tea", List.of(), bob));
        join(s.store(A, "bob works nights", List.of(), bob));
        join(s.store(A, "carol likes green tea", List.of()));
        join(s.store(B, "bob told kate a secret", List.of(), bob));
        Wait.until("vectors", () -> join(s.vectorCount()) == 4);
        assertEquals(2, join(s.forgetBySender(A, "bob")));
        assertEquals(2, join(s.vectorCount()), "A's two vectors of bob are gone, B's memory of bob stays");
        assertEquals(List.of("carol likes green tea"), contents(join(s.recall(A, RecallQuery.of("green tea")))));
        assertEquals(1, join(s.recall(B, RecallQuery.of("bob secret"))).size());
    }

    @Test
    void exportImportRoundTripsExactlyAndRefusesForeignRecords() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        join(s.store(A, "one", List.of("t1"), new MemorySource(ChannelRef.of("email", "work"), "thread", "msg", "x@y")));
        join(s.store(A, "two", List.of()));
        List<MemoryRecord> exported = new ArrayList<>();
        assertEquals(2, join(s.exportRecords(A, exported::add)));

        SqliteMemoryStore other = new SqliteMemoryStore(dir.resolve("other.db"), 0, SqliteMemoryStore.Settings.defaults(),
                SecretGuard.defaults(), Clock.systemUTC());
        open.add(other);
        assertEquals(2, join(other.importRecords(A, exported)));
        assertEquals(0, join(other.importRecords(A, exported)), "existing ids are skipped");
        List<MemoryRecord> back = new ArrayList<>();
        join(other.exportRecords(A, back::add));
        assertEquals(exported, back);

        CompletionException ex = assertThrows(CompletionException.class, () -> join(other.importRecords(B, exported)));
        assertEquals(MemoryErrorCode.SCOPE_VIOLATION, ((MemoryException) ex.getCause()).code());
        assertEquals(0, join(other.exportRecords(B, r -> { })), "nothing was written");
    }

    @Test
    void secretGuardBlocksByDefaultAndRedactsWhenConfigured() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        CompletionException ex = assertThrows(CompletionException.class,
                () -> join(s.store(A, "my key is sk-proj-abcdefghijklmnopqrstuvwxyz123456", List.of())));
        MemoryException me = (MemoryException) ex.getCause();
        assertEquals(MemoryErrorCode.SECRET_DETECTED, me.code());
        assertFalse(me.getMessage().contains("abcdefghij"), "the refusal never echoes the secret");
        assertEquals(0, join(s.exportRecords(A, r -> { })));

        SqliteMemoryStore r = new SqliteMemoryStore(dir.resolve("redact.db"), 0, SqliteMemoryStore.Settings.defaults(),
                new SecretGuard(true, "redact", List.of("all"), List.of()), Clock.systemUTC());
        open.add(r);
        MemoryRecord rec = join(r.store(A, "token ghp_0123456789abcdefghijABCDEFGHIJ0123456789 for CI", List.of()));
        assertEquals("token [REDACTED:github-token] for CI", rec.content());
        rec = join(r.store(A, "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----", List.of()));
        assertEquals("[REDACTED:private-key]", rec.content());
    }

    @Test
    void aStoreWithOtherDimensionsRefusesToOpenOrToMixVectors() {
        SqliteMemoryStore s = open(0, SecretGuard.defaults());
        s.setEmbedder(new HashEmbedder(16));
        join(s.store(A, "sixteen dimensions", List.of()));
        Wait.until("vector", () -> join(s.vectorCount()) == 1);
        s.close();
        open.remove(s);

        MemoryException refused = assertThrows(MemoryException.class, () -> open(32, SecretGuard.defaults()));
        assertEquals(MemoryErrorCode.DIMENSION_MISMATCH, refused.code());
        assertTrue(refused.getMessage().contains(SqliteMemoryStore.REINDEX_COMMAND), refused.getMessage());

        SqliteMemoryStore again = open(0, SecretGuard.defaults());
        again.setEmbedder(new HashEmbedder(32));
        Wait.until("refusal", () -> again.refusal().isPresent());
        assertTrue(again.refusal().get().contains("16-dimension"));
        assertEquals(List.of("sixteen dimensions"), contents(join(again.recall(A, RecallQuery.of("sixteen")))),
                "keyword recall still works");
        assertEquals(1, again.vectorFailures());

        assertEquals(1L, join(again.reindex()));
        HashEmbedder e32 = new HashEmbedder(32);
        again.setEmbedder(e32);
        Wait.until("re-embedded", () -> join(again.vectorCount()) == 1);
        assertTrue(again.refusal().isEmpty());
    }

    @Test
    void aboveTheThresholdTheGraphIsSavedAndTheNextStartLoadsItWithoutRebuildingOrReEmbedding() {
        SqliteMemoryStore.Settings small = new SqliteMemoryStore.Settings(RecallMode.VECTOR, true, 10000, 16,
                java.time.Duration.ofSeconds(30), new ScopeIndex.Settings(50, 8, 50, 50));
        Clock clock = Clock.systemUTC();
        SqliteMemoryStore first = new SqliteMemoryStore(dir.resolve("memory.db"), 0, small, SecretGuard.defaults(), clock);
        open.add(first);
        first.setEmbedder(new HashEmbedder(16));
        for (int i = 0; i < 120; i++) {
            join(first.store(A, "fact number " + i + " about topic " + (i % 7), List.of()));
        }
        Wait.until("embedded and graphed", () -> first.stats().get("graphs_built") == 1
                && first.stats().get("indexed_vectors") == 120);
        Wait.until("graph file", () -> java.nio.file.Files.isRegularFile(first.graphFile(A)));
        List<String> before = contents(join(first.recall(A, new RecallQuery("fact number 17 about topic 3", 5,
                RecallMode.VECTOR, List.of()))));
        first.close();
        open.remove(first);

        SqliteMemoryStore second = new SqliteMemoryStore(dir.resolve("memory.db"), 0, small, SecretGuard.defaults(), clock);
        open.add(second);
        HashEmbedder counting = new HashEmbedder(16);
        second.setEmbedder(counting);
        Wait.until("graph loaded", () -> second.stats().get("graphs_loaded") == 1);
        assertEquals(0L, second.stats().get("graphs_built"), "no rebuild");
        assertTrue(second.indexOf(A).approximate());
        assertEquals(before, contents(join(second.recall(A, new RecallQuery("fact number 17 about topic 3", 5,
                RecallMode.VECTOR, List.of())))));
        assertEquals(0L, second.stats().get("embedded"), "no memory was re-embedded at start");
    }
}

package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;

/** Keyword search on a large store leaves out words that occur almost everywhere. */
class MemoryDbKeywordTest {
    private static final MemoryScope S = new MemoryScope("t", "a");

    @Test
    void wordsInMostRowsAreLeftOutOnceTheStoreIsLargeButTheRarestWordAlwaysStays(@TempDir Path dir) throws Exception {
        MemoryDb db = new MemoryDb(dir.resolve("memory.db"));
        try {
            db.commonMinRows = 100;
            db.inTransaction(() -> {
                for (int i = 0; i < 200; i++) {
                    db.insert(MemoryRecord.of("m" + i, S, "customer note " + i + (i == 7 ? " peanuts" : ""), List.of(),
                            Instant.EPOCH.plusSeconds(i)));
                }
                return null;
            });
            assertEquals(List.of("peanuts"), db.selective(List.of("customer", "peanuts", "note")),
                    "customer and note are in every row");
            assertEquals(1, db.selective(List.of("customer", "note")).size(), "all common: one word stays");
            List<Long> hits = db.keywordSearch(S, "customer peanuts note", List.of(), 5);
            assertEquals(1, hits.size(), "only the selective word is searched: " + hits);
            assertEquals("customer note 7 peanuts", db.fetch(S, hits).get(0).record().content());
            assertTrue(db.keywordSearch(S, "customer", List.of(), 5).size() == 5, "a lone common word still searches");

            db.commonMinRows = MemoryDb.COMMON_MIN_ROWS;
            assertEquals(List.of("customer", "peanuts", "note"), db.selective(List.of("customer", "peanuts", "note")),
                    "small stores search every word");
        } finally {
            db.close();
        }
    }
}

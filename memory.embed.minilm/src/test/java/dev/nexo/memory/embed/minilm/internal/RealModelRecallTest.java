package dev.nexo.memory.embed.minilm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.memory.internal.SqliteMemoryStore;

/**
 * Acceptance: a real SQLite file and the real local model. Three facts; a paraphrase sharing no
 * word with any of them recalls the right one first; after a restart the vectors come from the
 * file and nothing is embedded again.
 */
class RealModelRecallTest {
    static final MemoryScope ANA = new MemoryScope("acme", "ana");
    static final String PEANUTS = "Lucia's daughter is allergic to peanuts.";
    static final List<String> FACTS = List.of(PEANUTS, "The quarterly report is due on the fifth of March.",
            "The office wifi password changes every Monday.");
    /** Shares no word with any fact, so keyword search finds nothing. */
    static final String PARAPHRASE = "Which nut must a kid avoid?";

    static MiniLmEmbedder model;

    @BeforeAll
    static void load() {
        model = new MiniLmEmbedder((Path) null);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Counts the texts it embeds for stored memories and queries alike. */
    static final class Counting implements Embedder {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public CompletionStage<List<float[]>> embed(List<String> in) {
            texts.addAndGet(in.size());
            return model.embed(in);
        }
    }

    static SqliteMemoryStore open(Path file) {
        return SqliteMemoryStore.withDefaults(file);
    }

    static <T> T join(CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    static void waitFor(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void paraphraseRecallsTheRightFactFirstAndSurvivesARestartWithoutReembedding(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("memory.db");
        SqliteMemoryStore first = open(file);
        Counting e1 = new Counting();
        first.setEmbedder(e1);
        for (String f : FACTS) {
            join(first.store(ANA, f, List.of()));
        }
        waitFor("three vectors", () -> join(first.vectorCount()) == 3);
        assertEquals(List.of(), join(first.recall(ANA, new RecallQuery(PARAPHRASE, 3, RecallMode.KEYWORD, List.of()))),
                "the paraphrase shares no keyword with any fact");
        for (RecallMode mode : List.of(RecallMode.VECTOR, RecallMode.HYBRID)) {
            List<MemoryRecord> hits = join(first.recall(ANA, new RecallQuery(PARAPHRASE, 3, mode, List.of())));
            assertEquals(PEANUTS, hits.get(0).content(), mode + " puts the peanut fact first");
        }
        first.close();

        SqliteMemoryStore second = open(file);
        try {
            Counting e2 = new Counting();
            second.setEmbedder(e2);
            // two round trips through the database thread: the index load and the backlog sweep have run
            assertEquals(3L, join(second.vectorCount()));
            assertEquals(3L, join(second.vectorCount()));
            waitFor("index loaded", () -> second.stats().get("indexed_vectors") == 3);
            assertEquals(0, e2.texts.get(), "no memory is embedded again after the restart");
            List<MemoryRecord> hits = join(second.recall(ANA, new RecallQuery(PARAPHRASE, 3, RecallMode.VECTOR, List.of())));
            assertEquals(PEANUTS, hits.get(0).content());
            assertEquals(1, e2.texts.get(), "only the query was embedded");
        } finally {
            second.close();
        }
    }
}

package dev.nexo.memory.embed.minilm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real quantised model, loaded from the class path as the bundle loads it. */
class MiniLmEmbedderTest {
    static MiniLmEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmEmbedder((java.nio.file.Path) null);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static float cos(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void tokenizerMatchesBertUncasedIds() throws Exception {
        try (InputStream in = MiniLmModel.class.getResourceAsStream(MiniLmModel.TOKENIZER_RESOURCE)) {
            WordPieceTokenizer t = WordPieceTokenizer.read(in, 256);
            // [CLS] hello , world ! [SEP] in the bert-base-uncased vocabulary
            assertArrayEquals(new long[] {101, 7592, 1010, 2088, 999, 102}, t.encode("Hello, World!"));
            assertArrayEquals(t.encode("cafe"), t.encode("Café"), "accents are stripped");
            assertEquals(256, t.encode("word ".repeat(1000)).length, "truncated to the model's length");
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        List<float[]> v = embedder.embed(List.of("The cat sits on the mat.", "A kitten is resting on the rug.",
                "Quarterly revenue grew by eight percent.")).toCompletableFuture().join();
        assertEquals(384, v.get(0).length);
        assertEquals(1.0, cos(v.get(0), v.get(0)), 1e-4, "unit length");
        assertTrue(cos(v.get(0), v.get(1)) > cos(v.get(0), v.get(2)) + 0.2,
                "paraphrase " + cos(v.get(0), v.get(1)) + " vs unrelated " + cos(v.get(0), v.get(2)));
    }
}

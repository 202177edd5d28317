package dev.nexo.memory.embed.minilm.internal;

import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local embedding throughput with the real quantised MiniLM model, one thread (as the embed
 * queue runs it): sentences per second. {@code tokenizeOnly} is the same-run baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class EmbeddingBench {
    static final String[] SENTENCES = {
        "Lucia's daughter is allergic to peanuts.",
        "The quarterly report is due on the fifth of March, and finance wants the draft a week earlier.",
        "The office wifi password changes every Monday.",
        "Remind me to call the plumber about the leaking kitchen tap tomorrow morning.",
        "Our customer in Madrid prefers invoices in euros and emails in Spanish.",
    };

    MiniLmModel model;
    WordPieceTokenizer tokenizer;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        model = MiniLmModel.load();
        try (InputStream in = MiniLmModel.class.getResourceAsStream(MiniLmModel.TOKENIZER_RESOURCE)) {
            tokenizer = WordPieceTokenizer.read(in, MiniLmModel.MAX_TOKENS);
        }
    }

    @Benchmark
    public float[] embed() throws Exception {
        return model.embed(SENTENCES[next++ % SENTENCES.length]);
    }

    @Benchmark
    public long[] tokenizeOnly() {
        return tokenizer.encode(SENTENCES[next++ % SENTENCES.length]);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        model.close();
    }
}

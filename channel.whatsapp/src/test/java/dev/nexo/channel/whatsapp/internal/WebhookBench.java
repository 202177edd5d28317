package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one signed webhook POST costs the channel: signature check, JSON parse, mapping, replay
 * check, handing the message to the gateway and persisting the replay/window state. Baseline in the
 * same run: only parsing the same body with Jackson. Run with the {@code bench} profile (see the
 * module pom); prints both figures and their ratio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WebhookBench {
    /** More distinct bodies than the replay set remembers, so every POST is a fresh message. */
    private static final int BODIES = AccountState.MAX_SEEN * 2;

    private Path state;
    private Harness harness;
    private byte[][] bodies;
    private String[] signatures;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        state = Files.createTempDirectory("wa-bench");
        harness = new Harness(state, Map.of("typing__mode", "never", "bridge_response__timeout__ms", 0L,
                "media__download", false));
        bodies = new byte[BODIES][];
        signatures = new String[BODIES];
        Signatures signer = new Signatures(Harness.APP_SECRET);
        for (int i = 0; i < BODIES; i++) {
            bodies[i] = Webhooks.messages(Webhooks.text("wamid.HBgLMTYzMTU1NTEyMzQVAgASGBQzQTdCRUY" + i,
                    "Hola, quisiera saber el precio del plan mensual")).getBytes(StandardCharsets.UTF_8);
            signatures[i] = signer.header(bodies[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        harness.close();
    }

    @Benchmark
    public JsonNode parseOnly() throws IOException {
        return GraphApi.JSON.readTree(bodies[next++ % BODIES]);
    }

    @Benchmark
    public int signedPost() {
        int i = next++ % BODIES;
        harness.gateway.inbound.clear();
        return harness.account.webhook().notify(bodies[i], signatures[i]).status();
    }

    public static void main(String[] args) throws Exception {
        var results = new Runner(new OptionsBuilder().include(WebhookBench.class.getName()).build()).run();
        double baseline = 0;
        double post = 0;
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (name.endsWith("parseOnly")) {
                baseline = score;
            } else {
                post = score;
            }
        }
        System.out.printf("WebhookBench: signed POST %.2f us/op, Jackson parse only %.2f us/op, ratio %.1fx%n",
                post, baseline, post / baseline);
    }
}

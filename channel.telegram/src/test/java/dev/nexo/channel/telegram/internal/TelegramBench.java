package dev.nexo.channel.telegram.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.TextFormat;

/**
 * The channel's per-message CPU work, against a baseline measured in the same run: mapping one
 * Bot API update (parse + map) against parsing it alone, and preparing a 10,000-character
 * Markdown reply (split + render) against copying the same text. Not part of the default build:
 * {@code ./mvnw -B -q -Pbench -pl channel.telegram -am verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TelegramBench {
    private static final BotIdentity ME = new BotIdentity(999, "nexo_test_bot");
    private final byte[] update = ("{\"update_id\":9001,\"message\":{\"message_id\":42,\"date\":1714000000,"
            + "\"from\":{\"id\":12345,\"is_bot\":false,\"first_name\":\"J\",\"last_name\":\"Doe\",\"username\":\"jdoe\"},"
            + "\"chat\":{\"id\":-100200300,\"type\":\"supergroup\",\"title\":\"Sales\"},"
            + "\"text\":\"@nexo_test_bot what is the price of the blue one?\","
            + "\"entities\":[{\"type\":\"mention\",\"offset\":0,\"length\":14}],"
            + "\"reply_to_message\":{\"message_id\":41,\"date\":1,\"chat\":{\"id\":-100200300,\"type\":\"supergroup\"}},"
            + "\"photo\":[{\"file_id\":\"s\",\"file_unique_id\":\"s\",\"width\":90,\"height\":60},"
            + "{\"file_id\":\"AgACAgEAAx\",\"file_unique_id\":\"b\",\"width\":1280,\"height\":853,\"file_size\":70000}]}}")
            .getBytes(StandardCharsets.UTF_8);
    private final UpdateMapper mapper = new UpdateMapper(ChannelRef.of("telegram", "bench"), Set.of(), true);
    private final Instant now = Instant.parse("2026-05-01T10:00:00Z");
    private final String reply = reply();

    private static String reply() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 10_000; i++) {
            b.append("**Item ").append(i).append("**: costs `").append(i * 3).append("` & ships in _2 days_. ");
            if (i % 10 == 9) {
                b.append("\n\n");
            }
        }
        return b.substring(0, 10_000);
    }

    @Benchmark
    public JsonNode parseOnlyBaseline() throws Exception {
        return BotApi.JSON.readTree(update);
    }

    @Benchmark
    public InboundMessage parseAndMap() throws Exception {
        return mapper.map(BotApi.JSON.readTree(update), ME, now).message().orElseThrow();
    }

    @Benchmark
    public String copyReplyBaseline() {
        return new String(reply.toCharArray());
    }

    @Benchmark
    public int splitAndRenderReply() {
        int n = 0;
        for (String chunk : TextSplitter.split(reply, TextSplitter.MESSAGE_LIMIT)) {
            n += TelegramFormat.render(chunk, TextFormat.MARKDOWN).text().length();
        }
        return n;
    }

    /** Runs the benchmarks and prints each figure with its ratio to the same-run baseline. */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder().include(TelegramBench.class.getName()).build()).run();
        double parse = score(results, "parseOnlyBaseline");
        double map = score(results, "parseAndMap");
        double copy = score(results, "copyReplyBaseline");
        double split = score(results, "splitAndRenderReply");
        System.out.printf("%nTelegramBench (us/op, lower is better)%n");
        System.out.printf("  inbound update: parse+map %.3f us, parse only %.3f us, ratio %.2f%n", map, parse, map / parse);
        System.out.printf("  10,000-char markdown reply: split+render %.1f us, copy %.3f us, ratio %.1f%n",
                split, copy, split / copy);
    }

    private static double score(Collection<RunResult> results, String name) {
        return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + name)).findFirst()
                .orElseThrow().getPrimaryResult().getScore();
    }

    static List<String> names() {
        return List.of("parseOnlyBaseline", "parseAndMap", "copyReplyBaseline", "splitAndRenderReply");
    }
}

package dev.nexo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.nexo.test.support.Poll;

/**
 * Cold-start benchmark: starts {@code nexo.jar} N times, each on a fresh state root, and measures
 * the time from process start to the first 200 on {@code /ready}. Prints every run, the median
 * and the jar's size. Not a test: run it through the e2e module's {@code bench} profile.
 *
 * <p>Arguments: {@code <nexo.jar> [runs=5] [work dir=target/bench]}.
 */
public final class ColdStartBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Short, so polling adds little to what is measured. */
    private static final Duration POLL = Duration.ofMillis(20);

    private ColdStartBench() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args.length > 0 ? args[0] : "distribution/target/nexo.jar").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench").toAbsolutePath());

        System.out.printf(Locale.ROOT, "nexo cold start: %s (%.1f MiB), %d runs, java %s, %d cpus%n", jar.getFileName(),
                Files.size(jar) / (1024.0 * 1024.0), runs, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        // The default JVM against C1-only compilation, interleaved so both see the same machine.
        List<String> fast = List.of("-XX:TieredStopAtLevel=1");
        List<Long> standard = new ArrayList<>();
        List<Long> c1 = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long ms = once(jar, Files.createTempDirectory(work, "run-"), List.of());
            long fastMs = once(jar, Files.createTempDirectory(work, "run-"), fast);
            standard.add(ms);
            c1.add(fastMs);
            System.out.printf(Locale.ROOT, "run %d: %d ms default JVM, %d ms with %s (to first 200 on /ready)%n",
                    i, ms, fastMs, fast.get(0));
        }
        long median = median(standard);
        long fastMedian = median(c1);
        System.out.printf(Locale.ROOT, "median: %d ms default (min %d, max %d); %d ms with %s; ratio %.2f; jar size: %d bytes%n",
                median, standard.stream().min(Long::compare).orElseThrow(), standard.stream().max(Long::compare).orElseThrow(),
                fastMedian, fast.get(0), (double) fastMedian / median, Files.size(jar));
    }

    private static long once(Path jar, Path runDir, List<String> jvmArgs) {
        try (NexoProcess nexo = NexoProcess.start(jar, runDir.resolve("state"), runDir.resolve("nexo.log"), jvmArgs)) {
            Http http = nexo.http();
            Poll.until("GET /ready to answer 200 (log: " + nexo.log() + ")", TIMEOUT, POLL, () -> {
                nexo.assertAlive();
                return http.get("/ready").status();
            }, status -> status == 200);
            return (System.nanoTime() - nexo.startedNanos()) / 1_000_000;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

package dev.nexo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path runDir = Files.createTempDirectory(work, "run-");
            long ms = once(jar, runDir);
            millis.add(ms);
            System.out.printf(Locale.ROOT, "run %d: %d ms to first 200 on /ready%n", i, ms);
        }
        List<Long> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        System.out.printf(Locale.ROOT, "median: %d ms (min %d, max %d); jar size: %d bytes%n",
                median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), Files.size(jar));
    }

    private static long once(Path jar, Path runDir) {
        try (NexoProcess nexo = NexoProcess.start(jar, runDir.resolve("state"), runDir.resolve("nexo.log"))) {
            Http http = nexo.http();
            Poll.until("GET /ready to answer 200 (log: " + nexo.log() + ")", TIMEOUT, POLL, () -> {
                nexo.assertAlive();
                return http.get("/ready").status();
            }, status -> status == 200);
            return (System.nanoTime() - nexo.startedNanos()) / 1_000_000;
        }
    }

    private static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

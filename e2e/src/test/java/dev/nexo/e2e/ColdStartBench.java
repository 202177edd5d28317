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
 * <p>When the unpacked distribution ({@code bin/nexo}) is next to the jar, each round also starts
 * it twice on one state root, the way an operator restarts it: the first start (no class-data
 * archive yet; it records one when it stops) and the restart (maps that archive).
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
        Path launcher = jar.resolveSibling("nexo").resolve("bin").resolve("nexo");
        boolean viaLauncher = Files.isExecutable(launcher);
        List<Long> first = new ArrayList<>();
        List<Long> restart = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            long ms = once(jar, Files.createTempDirectory(work, "run-"), List.of());
            long fastMs = once(jar, Files.createTempDirectory(work, "run-"), fast);
            standard.add(ms);
            c1.add(fastMs);
            System.out.printf(Locale.ROOT, "run %d: %d ms default JVM, %d ms with %s (to first 200 on /ready)%n",
                    i, ms, fastMs, fast.get(0));
            if (viaLauncher) {
                Path state = Files.createTempDirectory(work, "launcher-").resolve("state");
                first.add(viaLauncher(launcher, state));
                restart.add(viaLauncher(launcher, state));
                System.out.printf(Locale.ROOT, "run %d: bin/nexo start %d ms, restart with its class-data archive %d ms%n",
                        i, first.get(i - 1), restart.get(i - 1));
            }
        }
        if (viaLauncher) {
            System.out.printf(Locale.ROOT, "median via bin/nexo: first start %d ms, restart %d ms; ratio %.2f%n",
                    median(first), median(restart), (double) median(restart) / median(first));
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

    /** {@code bin/nexo start} on {@code state} until {@code /ready}, then a graceful stop (which records the archive the first time). */
    private static long viaLauncher(Path launcher, Path state) throws IOException {
        int port = NexoProcess.freePort();
        Path log = state.resolveSibling("nexo-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "start", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("NEXO_HOME", state.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            Http http = new Http(port);
            Poll.until("bin/nexo /ready (log: " + log + ")", TIMEOUT, POLL, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("bin/nexo exited; log: " + log);
                }
                return http.get("/ready").status();
            }, status -> status == 200);
            return (System.nanoTime() - t0) / 1_000_000;
        } finally {
            p.destroy();
            try {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

package dev.nexo.broker.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs every broker benchmark in one JVM session and prints the figures with their ratios to the
 * same-run baselines. Optional argument: a regex of benchmarks to run (default all).
 */
public final class BrokerBench {
    private BrokerBench() {
    }

    public static void main(String[] args) throws Exception {
        // several engineers' benchmarks share this machine: run anyway (figures are compared within a run)
        if (System.getProperty("jmh.ignoreLock") == null) {
            System.setProperty("jmh.ignoreLock", "true");
        }
        String include = args.length > 0 && !args[0].isBlank() ? args[0] : "dev.nexo.broker.internal.*Bench.*";
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).forks(1)
                .warmupIterations(6).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.iterations", 5)).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m", "-Dbench.dir=" + System.getProperty("bench.dir", "target"));
        if (args.length > 1) {
            o.addProfiler(args[1]); // e.g. "stack" or "gc" to see where the time goes
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        Map<String, Result<?>> by = new HashMap<>();
        Map<String, Statistics> stats = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceFirst("^.*\\.([A-Za-z]+Bench\\.[A-Za-z]+)$", "$1");
            String fsync = r.getParams().getParam("fsync");
            if (fsync != null) {
                name += "[fsync=" + fsync + "]";
            }
            by.put(name, r.getPrimaryResult());
            stats.put(name, r.getPrimaryResult().getStatistics());
        }
        System.out.println();
        System.out.println("==== Nexo broker benchmarks (" + Runtime.getRuntime().availableProcessors() + " CPUs, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ") ====");
        ratio("local publish->deliver throughput (ops/s)", by, "LocalBench.throughputBroker", "LocalBench.throughputQueue",
                "raw ArrayBlockingQueue hand-off", false);
        percentiles("local publish->deliver latency", stats, "LocalBench.latencyBroker");
        percentiles("raw queue hand-off latency", stats, "LocalBench.latencyQueue");
        ratio("NATS publish+ack throughput (ops/s)", by, "NatsBench.broker", "NatsBench.rawJnats",
                "raw jnats publish+flush", false);
        ratio("NATS publish+ack throughput (ops/s)", by, "NatsBench.broker", "NatsBench.rawJnatsEncoding",
                "raw jnats encode+publish+flush", false);
        ratio("NATS publish+ack, 10k-event stream (ops/s)", by, "NatsBench.brokerStream",
                "NatsBench.rawJnatsEncodingStream", "raw jnats encode+publish+flush", false);
        split("local publish->deliver throughput, alternating batches", results, "LocalBench.throughputAlternating",
                "raw ArrayBlockingQueue hand-off");
        split("NATS publish+ack, alternating 1,000-event bursts", results, "NatsBench.alternating",
                "raw jnats encode+publish+flush");
        split("NATS publish+ack, alternating 10,000-event streams", results, "NatsBench.alternatingStream",
                "raw jnats encode+publish+flush");
        line("disk spool write, fsync on (ops/s)", by, "SpoolBench.enqueue[fsync=true]");
        line("disk spool write, fsync off (ops/s)", by, "SpoolBench.enqueue[fsync=false]");
        line("match exact (ns)", by, "MatchBench.exact");
        line("match * (ns)", by, "MatchBench.singleWildcard");
        line("match > (ns)", by, "MatchBench.tailWildcard");
        line("match 50 patterns (ns)", by, "MatchBench.fiftyPatterns");
        line("publish to 50 subscribers, publisher cost (us/event)", by, "FanoutBench.publishCall");
        for (RunResult r : results) {
            Map<String, Result> sec = r.getSecondaryResults();
            if (sec.containsKey("cpuNanos") && sec.containsKey("events") && sec.get("events").getScore() > 0) {
                System.out.printf("%-55s %12.3f us/op%n", "  of which publisher CPU time (us/event)",
                        sec.get("cpuNanos").getScore() / sec.get("events").getScore() / 1000.0);
            }
        }
        line("publish to 50 subscribers, all 50 handled (us/event)", by, "FanoutBench.endToEnd");
    }

    /** Prints both sides of an alternating benchmark from its time and event counters, with their ratio. */
    private static void split(String what, Collection<RunResult> results, String key, String baseName) {
        for (RunResult r : results) {
            if (!r.getParams().getBenchmark().endsWith(key)) {
                continue;
            }
            Map<String, Result> sec = r.getSecondaryResults();
            double broker = sec.get("brokerEvents").getScore() / (sec.get("brokerNanos").getScore() / 1e9);
            double raw = sec.get("rawEvents").getScore() / (sec.get("rawNanos").getScore() / 1e9);
            System.out.printf("%-55s %12.0f ops/s vs %s %.0f ops/s: ratio %.2f (%s%.1f%%)%n", what, broker, baseName, raw,
                    raw / broker, broker >= raw ? "+" : "-", Math.abs(100.0 * (broker - raw) / raw));
        }
    }

    private static void line(String what, Map<String, Result<?>> by, String key) {
        Result<?> r = by.get(key);
        if (r != null) {
            System.out.printf("%-55s %12.3f ± %.3f %s%n", what, r.getScore(), r.getScoreError(), r.getScoreUnit());
        }
    }

    private static void ratio(String what, Map<String, Result<?>> by, String key, String base, String baseName,
            boolean lowerIsBetter) {
        Result<?> r = by.get(key);
        Result<?> b = by.get(base);
        if (r == null || b == null) {
            return;
        }
        System.out.printf("%-55s %12.0f vs %s %.0f: ratio %.2f (%s%.1f%%)%n", what, r.getScore(), baseName,
                b.getScore(), b.getScore() / r.getScore(), r.getScore() >= b.getScore() ? "+" : "-",
                Math.abs(100.0 * (r.getScore() - b.getScore()) / b.getScore()));
    }

    private static void percentiles(String what, Map<String, Statistics> stats, String key) {
        Statistics s = stats.get(key);
        if (s != null) {
            System.out.printf("%-55s p50 %.2f us  p99 %.2f us  p99.9 %.2f us (n=%d)%n", what, s.getPercentile(50),
                    s.getPercentile(99), s.getPercentile(99.9), s.getN());
        }
    }

}

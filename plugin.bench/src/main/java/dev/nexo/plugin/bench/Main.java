package dev.nexo.plugin.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/** Runs the plugin benchmarks and prints p50/p99, calls/s and the ratio to the in-process baseline. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(PluginRpcBenchmark.class.getSimpleName()).build()).run();
        double pluginP50 = 0;
        double baseP50 = 0;
        System.out.println();
        for (RunResult r : results) {
            Statistics s = r.getPrimaryResult().getStatistics();
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            double p50 = s.getPercentile(50);
            System.out.printf("%-20s p50 %9.2f us  p99 %9.2f us  ~%,.0f calls/s (one caller)%n", name, p50,
                    s.getPercentile(99), 1_000_000 / s.getMean());
            if (name.equals("pluginRoundTrip")) {
                pluginP50 = p50;
            } else {
                baseP50 = p50;
            }
        }
        if (baseP50 > 0) {
            System.out.printf("ratio plugin/in-process at p50: %.1fx%n", pluginP50 / baseP50);
        }
    }
}

package dev.nexo.broker.internal;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.nexo.api.event.TopicPattern;

/** Topic matching (the seed's target: under 100 ns): exact, {@code *}, {@code >}, and 50 patterns. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatchBench {
    String topic;
    TopicPattern exact;
    TopicPattern star;
    TopicPattern tail;
    TopicPattern[] fifty;

    @Setup
    public void setUp() {
        topic = new String("plugin.inbound.telegram.sales_bot".toCharArray()); // not interned: no identity shortcut
        exact = TopicPattern.compile("plugin.inbound.telegram.sales_bot");
        star = TopicPattern.compile("plugin.*.telegram.*");
        tail = TopicPattern.compile("plugin.inbound.>");
        String[] kinds = {"telegram", "whatsapp", "email", "slack", "discord"};
        fifty = new TopicPattern[50];
        for (int i = 0; i < 50; i++) {
            String k = kinds[i % kinds.length];
            switch (i % 5) {
                case 0: fifty[i] = TopicPattern.compile("plugin.inbound." + k + ".bot" + i); break;
                case 1: fifty[i] = TopicPattern.compile("plugin.outbound." + k + ".>"); break;
                case 2: fifty[i] = TopicPattern.compile("plugin.*." + k + ".bot" + i); break;
                case 3: fifty[i] = TopicPattern.compile("agent.route.agent" + i); break;
                default: fifty[i] = TopicPattern.compile("plugin.lifecycle.p" + i + ".*"); break;
            }
        }
    }

    @Benchmark
    public boolean exact() {
        return exact.matches(topic);
    }

    @Benchmark
    public boolean singleWildcard() {
        return star.matches(topic);
    }

    @Benchmark
    public boolean tailWildcard() {
        return tail.matches(topic);
    }

    @Benchmark
    public int fiftyPatterns() {
        int n = 0;
        for (TopicPattern p : fifty) {
            if (p.matches(topic)) {
                n++;
            }
        }
        return n;
    }
}

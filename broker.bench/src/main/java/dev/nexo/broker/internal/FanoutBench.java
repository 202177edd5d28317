package dev.nexo.broker.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.nexo.api.event.Event;

/**
 * Local publish to 50 subscribers (the seed's target: under 10 µs; its Rust sample: 12.45 µs).
 * {@code publishCall}: what the publisher pays per event; {@code endToEnd}: per event until all 50
 * handlers have run it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanoutBench {
    static final int SUBSCRIBERS = 50;
    static final int BATCH = 100;

    LocalBroker broker;
    final AtomicLong delivered = new AtomicLong();
    Event event;

    @Setup
    public void setUp() {
        event = Event.of("plugin.inbound.telegram.sales_bot", "bench", "{\"text\":\"hello\"}");
        broker = new LocalBroker(DeliveryPolicy.DEFAULTS, Bench.NO_DEAD_LETTERS, new BrokerMetrics());
        for (int i = 0; i < SUBSCRIBERS; i++) {
            broker.subscribe(i % 2 == 0 ? "plugin.inbound.>" : "plugin.*.telegram.*", e -> delivered.incrementAndGet());
        }
    }

    @TearDown
    public void tearDown() {
        broker.close(java.time.Duration.ofSeconds(1));
    }

    long target;
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * The publisher thread's CPU time: on a shared machine the wall-clock figure also counts the
     * time the publisher waited for a CPU, which this does not.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Cpu {
        public long cpuNanos;
        public long events;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            events = 0;
        }
    }

    /** Publishing only; the wait for the 50 queues to empty is in the untimed invocation tear-down. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void publishCall(Cpu cpu) {
        target = delivered.get() + (long) BATCH * SUBSCRIBERS;
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < BATCH; i++) {
            broker.publish(event);
        }
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - c0;
        cpu.events += BATCH;
    }

    @TearDown(Level.Invocation)
    public void settle() {
        while (delivered.get() < target) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void endToEnd() {
        target = delivered.get() + (long) BATCH * SUBSCRIBERS;
        for (int i = 0; i < BATCH; i++) {
            broker.publish(event);
        }
        settle();
    }
}

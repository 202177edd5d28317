package dev.nexo.broker.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.event.Event;

/**
 * Local broker publish → handler, against the in-run baseline of a raw {@link ArrayBlockingQueue}
 * hand-off to one consumer thread (what the broker does underneath, minus matching, policy and
 * retries).
 */
@State(Scope.Benchmark)
public class LocalBench {
    static final int BATCH = 1000;

    LocalBroker broker;
    final AtomicLong delivered = new AtomicLong();
    ArrayBlockingQueue<Event> queue;
    final AtomicLong consumed = new AtomicLong();
    Thread consumer;
    Event event;

    @Setup
    public void setUp() {
        event = Event.of("plugin.inbound.telegram.sales_bot", "bench", "{\"text\":\"hello\"}");
        broker = new LocalBroker(DeliveryPolicy.DEFAULTS, Bench.NO_DEAD_LETTERS, new BrokerMetrics());
        broker.subscribe("plugin.inbound.>", SubscriptionOptions.builder().capacity(2 * BATCH).build(),
                e -> delivered.incrementAndGet());
        queue = new ArrayBlockingQueue<>(2 * BATCH);
        consumer = new Thread(() -> {
            try {
                while (true) {
                    queue.take();
                    consumed.incrementAndGet();
                }
            } catch (InterruptedException e) {
                // done
            }
        }, "bench-queue-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @TearDown
    public void tearDown() {
        consumer.interrupt();
        broker.close(java.time.Duration.ofSeconds(1));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void latencyBroker() {
        long target = delivered.get() + 1;
        broker.publish(event);
        while (delivered.get() < target) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void latencyQueue() {
        long target = consumed.get() + 1;
        queue.offer(event);
        while (consumed.get() < target) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BATCH)
    public void throughputBroker() {
        long target = delivered.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            broker.publish(event);
        }
        while (delivered.get() < target) {
            Thread.onSpinWait();
        }
    }

    /** A batch through the broker and one through the raw queue, alternating. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(2 * BATCH)
    public void throughputAlternating(Alternation turns) throws Exception {
        turns.run(BATCH, this::throughputBroker, this::throughputQueue);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(BATCH)
    public void throughputQueue() {
        long target = consumed.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            queue.offer(event);
        }
        while (consumed.get() < target) {
            Thread.onSpinWait();
        }
    }
}

package dev.nexo.broker.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jctools.counters.Counter;
import org.jctools.counters.CountersFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.nexo.api.fault.CircuitState;

/**
 * Broker counters, always counted (cheap {@link LongAdder}s), and exported to the core's Micrometer
 * registry while one is bound: {@code nexo_broker_<name>_total} counters, the
 * {@code nexo_broker_delivery_latency_seconds} histogram per topic prefix (first two tokens) and
 * {@code nexo_broker_circuit_state} (0 closed, 1 half-open, 2 open).
 */
final class BrokerMetrics {
    /**
     * The two counters every event touches, from the publishing thread and from a delivery thread:
     * striped and padded (JCTools), so the two sides never write one cache line (adjacent
     * {@code LongAdder}s do until contention makes them stripe).
     */
    final Counter published = CountersFactory.createFixedSizeStripedCounter(4);
    final Counter delivered = CountersFactory.createFixedSizeStripedCounter(4);
    final LongAdder dropped = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder deadLettered = new LongAdder();
    final LongAdder redelivered = new LongAdder();
    final LongAdder duplicates = new LongAdder();

    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private volatile MeterRegistry registry;
    private volatile Supplier<CircuitState> circuit = () -> CircuitState.CLOSED;

    /** Exports the meters to {@code r}. */
    synchronized void bind(MeterRegistry r) {
        unbind();
        counter(r, "published", published, Counter::get, "events accepted by the broker");
        counter(r, "delivered", delivered, Counter::get, "events a subscriber handled");
        counter(r, "dropped", dropped, LongAdder::doubleValue, "events dropped for a full subscriber queue (slow consumer)");
        counter(r, "spooled", spooled, LongAdder::doubleValue, "events written to the disk queue while NATS was unreachable");
        counter(r, "dead_lettered", deadLettered, LongAdder::doubleValue, "events moved to the dead letters");
        counter(r, "redelivered", redelivered, LongAdder::doubleValue, "handler retries after a failure");
        counter(r, "duplicates", duplicates, LongAdder::doubleValue, "redelivered events a subscription had already seen");
        meters.add(Gauge.builder("nexo.broker.circuit.state", this, m -> ordinal(m.circuit.get()))
                .description("NATS publish circuit breaker: 0 closed, 1 half-open, 2 open").register(r));
        registry = r;
    }

    /** Removes the meters from the registry they were exported to. */
    synchronized void unbind() {
        MeterRegistry r = registry;
        registry = null;
        if (r != null) {
            meters.forEach(r::remove);
            latency.values().forEach(r::remove);
        }
        meters.clear();
        latency.clear();
    }

    void circuit(Supplier<CircuitState> state) {
        this.circuit = state;
    }

    /** @return whether latencies are recorded (a registry is bound) */
    boolean timing() {
        return registry != null;
    }

    /** Records publish-to-handler latency for the topic's prefix, when a registry is bound. */
    void latency(String topic, long nanos) {
        MeterRegistry r = registry;
        if (r == null || nanos < 0) {
            return;
        }
        String prefix = prefix(topic);
        Timer t = latency.get(prefix);
        if (t == null) {
            t = latency.computeIfAbsent(prefix, p -> Timer.builder("nexo.broker.delivery.latency")
                    .description("time from event creation to its handler").tag("prefix", p)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(1000))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(r));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    static String prefix(String topic) {
        int first = topic.indexOf('.');
        if (first < 0) {
            return topic;
        }
        int second = topic.indexOf('.', first + 1);
        return second < 0 ? topic : topic.substring(0, second);
    }

    private <T> void counter(MeterRegistry r, String name, T count, java.util.function.ToDoubleFunction<T> value,
            String description) {
        meters.add(FunctionCounter.builder("nexo.broker." + name, count, value).description(description).register(r));
    }

    private static double ordinal(CircuitState s) {
        switch (s) {
            case OPEN:
                return 2;
            case HALF_OPEN:
                return 1;
            default:
                return 0;
        }
    }
}

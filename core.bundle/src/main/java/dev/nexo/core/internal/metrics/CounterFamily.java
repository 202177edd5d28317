package dev.nexo.core.internal.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One counter name with fixed tag keys, counted in {@link LongAdder}s whether or not a registry is
 * bound (so the in-process getters and the admin API keep working without metrics), and exported as
 * Micrometer {@link FunctionCounter}s ({@code <name>_total} on {@code /metrics}) while one is.
 * A series is created on first use of its tag values; callers that know the values up front
 * {@link #declare} them so they show as 0 before the first event (Prometheus' {@code rate()}
 * needs the zero). Past {@value #MAX_SERIES} series, new tag combinations count under the tag
 * value {@value #OVERFLOW}, so a bug that tags with unbounded values cannot blow up the scrape.
 */
public final class CounterFamily {
    /** Most distinct tag combinations per family. */
    public static final int MAX_SERIES = 500;
    /** The tag value new combinations count under once the family is full. */
    public static final String OVERFLOW = "_overflow";

    private final String name;
    private final String description;
    private final String[] tagKeys;
    private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private MeterRegistry registry;

    /**
     * @param name Micrometer name, dot-separated ({@code nexo.pairing.fail.closed})
     * @param description what one count means
     * @param tagKeys the tag keys every series carries, in the order {@link #increment} takes values
     */
    public CounterFamily(String name, String description, String... tagKeys) {
        this.name = name;
        this.description = description;
        this.tagKeys = tagKeys.clone();
    }

    /** Adds one to the series with these tag values (in the order of the tag keys). */
    public void increment(String... tagValues) {
        adder(tagValues).increment();
    }

    /** Creates the series with these tag values at 0 if it does not exist yet. */
    public void declare(String... tagValues) {
        adder(tagValues);
    }

    /** @return the sum over every series */
    public long sum() {
        long sum = 0;
        for (LongAdder a : values.values()) {
            sum += a.sum();
        }
        return sum;
    }

    /** @return the count of one series, 0 if it does not exist */
    public long get(String... tagValues) {
        LongAdder a = values.get(List.of(tagValues));
        return a == null ? 0 : a.sum();
    }

    /** @return the sum over the series whose tag {@code key} has {@code value} */
    public long sumWhere(String key, String value) {
        int i = Arrays.asList(tagKeys).indexOf(key);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no tag " + key);
        }
        long sum = 0;
        for (Map.Entry<List<String>, LongAdder> e : values.entrySet()) {
            if (e.getKey().get(i).equals(value)) {
                sum += e.getValue().sum();
            }
        }
        return sum;
    }

    /** Exports every series, now and as they appear, to {@code r} (replacing an earlier registry). */
    public synchronized void bind(MeterRegistry r) {
        unbind();
        registry = r;
        values.forEach((key, adder) -> register(r, key, adder));
    }

    /** Removes the series from the registry they were exported to; counting goes on. */
    public synchronized void unbind() {
        MeterRegistry r = registry;
        registry = null;
        if (r != null) {
            meters.forEach(r::remove);
        }
        meters.clear();
    }

    /** @return the adder of the series with these tag values (created at 0 if new), to add more than one */
    public LongAdder adder(String... tagValues) {
        if (tagValues.length != tagKeys.length) {
            throw new IllegalArgumentException(name + " takes " + tagKeys.length + " tag values, not " + tagValues.length);
        }
        List<String> key = List.of(tagValues); // List.of rejects nulls: callers pass "" or a placeholder
        LongAdder a = values.get(key);
        return a != null ? a : create(key);
    }

    // The first use of a tag combination is rare: serialised with bind/unbind so a series is never
    // registered with a registry that is being unbound.
    private synchronized LongAdder create(List<String> key) {
        LongAdder a = values.get(key);
        if (a != null) {
            return a;
        }
        if (values.size() >= MAX_SERIES) {
            String[] overflow = new String[tagKeys.length];
            Arrays.fill(overflow, OVERFLOW);
            key = List.of(overflow);
            a = values.get(key);
            if (a != null) {
                return a;
            }
        }
        a = new LongAdder();
        values.put(key, a);
        if (registry != null) {
            register(registry, key, a);
        }
        return a;
    }

    private void register(MeterRegistry r, List<String> key, LongAdder adder) {
        FunctionCounter.Builder<LongAdder> b = FunctionCounter.builder(name, adder, LongAdder::doubleValue)
                .description(description);
        for (int i = 0; i < tagKeys.length; i++) {
            b.tag(tagKeys[i], key.get(i));
        }
        meters.add(b.register(r));
    }
}

package dev.nexo.channel.email.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The mailbox's Prometheus meters, through the core's {@link MeterRegistry} when one is bound:
 * {@code nexo_email_inbound_total{instance,outcome}}, {@code nexo_email_outbound_total{instance,status}},
 * {@code nexo_email_bounces_total{instance,classification}} and {@code nexo_email_connected{instance}}.
 */
public final class Metrics {
    private final String instance;
    private final Supplier<MeterRegistry> registry;
    private volatile io.micrometer.core.instrument.Gauge gauge;
    private volatile MeterRegistry gaugeRegistry;

    /**
     * @param instance the mailbox instance
     * @param registry the current registry, or null when none is bound
     */
    public Metrics(String instance, Supplier<MeterRegistry> registry) {
        this.instance = instance;
        this.registry = registry;
    }

    /** @return metrics that record nothing */
    public static Metrics none(String instance) {
        return new Metrics(instance, () -> null);
    }

    /** @param outcome what became of an inbound message */
    public void inbound(String outcome) {
        count("nexo.email.inbound", "outcome", outcome);
    }

    /** @param status sent, retried, failed or dead_lettered */
    public void outbound(String status) {
        count("nexo.email.outbound", "status", status);
    }

    /** @param classification permanent, transient or unknown */
    public void bounce(String classification) {
        count("nexo.email.bounces", "classification", classification);
    }

    /**
     * Registers the connected gauge.
     *
     * @param connected reads 1 while the IMAP connection is up
     */
    public void gauge(Supplier<Number> connected) {
        MeterRegistry r = registry.get();
        if (r != null) {
            gauge = io.micrometer.core.instrument.Gauge.builder("nexo.email.connected", connected)
                    .tag("instance", instance).register(r);
            gaugeRegistry = r;
        }
    }

    /**
     * Removes the gauge: a registry returns an existing meter for the same name and tags, so a
     * gauge left behind would keep reading (and holding) a stopped mailbox after an update.
     */
    public void close() {
        MeterRegistry r = gaugeRegistry;
        io.micrometer.core.instrument.Gauge g = gauge;
        if (r != null && g != null) {
            r.remove(g);
        }
        gauge = null;
        gaugeRegistry = null;
    }

    private void count(String name, String key, String value) {
        MeterRegistry r = registry.get();
        if (r != null) {
            r.counter(name, "instance", instance, key, value).increment();
        }
    }
}

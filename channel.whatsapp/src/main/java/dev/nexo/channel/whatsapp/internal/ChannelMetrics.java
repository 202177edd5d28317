package dev.nexo.channel.whatsapp.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The account's counters in the core's Prometheus registry, when there is one:
 * {@code nexo_whatsapp_webhook_requests_total{instance,outcome}} (verified, verify_refused,
 * accepted, bad_signature, malformed, too_large, unavailable),
 * {@code nexo_whatsapp_inbound_messages_total{instance}} and
 * {@code nexo_whatsapp_sends_total{instance,outcome}} (sent or the error code). Meters are removed
 * from the registry when the account stops, so an uninstalled bundle leaves none behind.
 */
final class ChannelMetrics {
    private final String instance;
    private final AtomicReference<MeterRegistry> registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ChannelMetrics(String instance, AtomicReference<MeterRegistry> registry) {
        this.instance = instance;
        this.registry = registry;
    }

    void webhook(String outcome) {
        count("nexo.whatsapp.webhook.requests", outcome);
    }

    void inbound() {
        count("nexo.whatsapp.inbound.messages", null);
    }

    void send(String outcome) {
        count("nexo.whatsapp.sends", outcome);
    }

    private void count(String name, String outcome) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        String key = System.identityHashCode(r) + "/" + name + "/" + outcome;
        counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tag("instance", instance);
            return (outcome == null ? b : b.tag("outcome", outcome)).register(r);
        }).increment();
    }

    /** Removes this account's meters from the registry. */
    void close() {
        MeterRegistry r = registry.get();
        if (r != null) {
            counters.values().forEach(r::remove);
        }
        counters.clear();
    }
}

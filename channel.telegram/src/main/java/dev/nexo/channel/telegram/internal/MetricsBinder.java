package dev.nexo.channel.telegram.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes every running bot's counters to the core's Micrometer registry when there is one
 * (optional, dynamic: bots keep running when the registry comes or goes). Meters carry the tag
 * {@code instance}: {@code nexo_telegram_updates_total}, {@code ..._inbound_total},
 * {@code ..._dropped_total}, {@code ..._sent_total}, {@code ..._send_failures_total},
 * {@code ..._retries_total}, {@code ..._errors_total}, {@code nexo_telegram_last_poll_timestamp_seconds},
 * {@code nexo_telegram_circuit_open} (1 when the bot's breaker is open).
 */
@Component(service = MetricsBinder.class)
public class MetricsBinder {
    private final Map<TelegramBot, List<Meter>> bots = new ConcurrentHashMap<>();
    private MeterRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setRegistry(MeterRegistry r) {
        removeAll();
        registry = r;
        bots.replaceAll((bot, none) -> register(bot));
    }

    synchronized void unsetRegistry(MeterRegistry r) {
        if (registry == r) {
            removeAll();
            registry = null;
        }
    }

    /** Adds a bot's meters; close the result to remove them. */
    synchronized BotMetrics bind(TelegramBot bot) {
        bots.put(bot, register(bot));
        return () -> unbind(bot);
    }

    private synchronized void unbind(TelegramBot bot) {
        List<Meter> meters = bots.remove(bot);
        if (meters != null && registry != null) {
            meters.forEach(registry::remove);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        removeAll();
    }

    private void removeAll() {
        if (registry != null) {
            bots.values().forEach(ms -> ms.forEach(registry::remove));
        }
        bots.replaceAll((bot, ms) -> List.of());
    }

    private List<Meter> register(TelegramBot bot) {
        List<Meter> out = new ArrayList<>();
        if (registry == null) {
            return out;
        }
        BotHealth h = bot.counters();
        String instance = bot.instance();
        counter(out, "nexo.telegram.updates", "updates fetched or received", instance, h.updates);
        counter(out, "nexo.telegram.inbound", "messages handed to the broker", instance, h.inbound);
        counter(out, "nexo.telegram.dropped", "updates not for agents (filters, unsupported)", instance, h.dropped);
        counter(out, "nexo.telegram.sent", "outbound messages sent", instance, h.sent);
        counter(out, "nexo.telegram.send.failures", "outbound messages that failed", instance, h.sendFailures);
        counter(out, "nexo.telegram.retries", "Bot API calls retried", instance, h.retries);
        counter(out, "nexo.telegram.errors", "poll and gateway errors", instance, h.errors);
        gauge(out, "nexo.telegram.last.poll.timestamp.seconds", "last successful getUpdates", instance, bot,
                b -> b.counters().lastPollOk().map(t -> t.getEpochSecond()).orElse(0L));
        gauge(out, "nexo.telegram.circuit.open", "1 when the bot's circuit breaker is open", instance, bot,
                b -> b.breaker().state() == dev.nexo.api.fault.CircuitState.OPEN ? 1 : 0);
        return out;
    }

    private void counter(List<Meter> out, String name, String help, String instance, AtomicLong value) {
        out.add(FunctionCounter.builder(name, value, AtomicLong::doubleValue).description(help)
                .tag("instance", instance).register(registry));
    }

    private void gauge(List<Meter> out, String name, String help, String instance, TelegramBot bot,
            ToDoubleFunction<TelegramBot> f) {
        out.add(Gauge.builder(name, bot, f).description(help).tag("instance", instance).register(registry));
    }
}

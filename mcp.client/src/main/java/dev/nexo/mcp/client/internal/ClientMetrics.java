package dev.nexo.mcp.client.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A server's Prometheus meters, through the core's {@link MeterRegistry} when one is bound:
 * {@code nexo_mcp_client_calls_total{server,outcome}} (ok, tool_error, error, timeout, unavailable),
 * {@code nexo_mcp_client_call_duration_seconds{server}}, {@code nexo_mcp_client_restarts_total{server}}
 * and {@code nexo_mcp_client_up{server}} (1 when ready or idle).
 */
final class ClientMetrics {
    private final String server;
    private final Supplier<MeterRegistry> registry;
    private final List<Gauge> gauges = new ArrayList<>();

    ClientMetrics(String server, Supplier<MeterRegistry> registry) {
        this.server = server;
        this.registry = registry;
    }

    static ClientMetrics none(String server) {
        return new ClientMetrics(server, () -> null);
    }

    void call(String outcome, Duration took) {
        MeterRegistry r = registry.get();
        if (r != null) {
            Counter.builder("nexo.mcp.client.calls").tag("server", server).tag("outcome", outcome)
                    .description("MCP tools/call requests by outcome").register(r).increment();
            Timer.builder("nexo.mcp.client.call.duration").tag("server", server).register(r).record(took);
        }
    }

    void restart() {
        MeterRegistry r = registry.get();
        if (r != null) {
            Counter.builder("nexo.mcp.client.restarts").tag("server", server)
                    .description("MCP server restarts after a crash or failed start").register(r).increment();
        }
    }

    private Supplier<Boolean> up;

    /** Registers the up gauge, now or (via {@link #registryBound()}) once a registry is bound. */
    synchronized void upGauge(Supplier<Boolean> up) {
        this.up = up;
        registryBound();
    }

    synchronized void registryBound() {
        MeterRegistry r = registry.get();
        if (r != null && up != null && gauges.isEmpty()) {
            gauges.add(Gauge.builder("nexo.mcp.client.up", up, u -> Boolean.TRUE.equals(u.get()) ? 1 : 0)
                    .tag("server", server).description("1 while the MCP server is ready or idle").register(r));
        }
    }

    synchronized void close() {
        MeterRegistry r = registry.get();
        if (r != null) {
            gauges.forEach(r::remove);
        }
        gauges.clear();
    }
}

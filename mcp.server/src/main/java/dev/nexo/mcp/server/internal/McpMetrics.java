package dev.nexo.mcp.server.internal;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Calls, denials and latency on the core's Micrometer registry, when there is one:
 * {@code nexo_mcp_calls_total{tool,outcome}}, {@code nexo_mcp_denials_total{reason}},
 * {@code nexo_mcp_call_duration_seconds{tool}}, {@code nexo_mcp_auth_failures_total}. Tool labels are
 * names of tools in the catalogue or {@code other}, never raw client input.
 */
final class McpMetrics {
    private volatile MeterRegistry registry;

    void bind(MeterRegistry r) {
        this.registry = r;
    }

    void unbind(MeterRegistry r) {
        if (registry == r) {
            registry = null;
        }
    }

    void call(String tool, String outcome, long nanos) {
        MeterRegistry r = registry;
        if (r == null) {
            return;
        }
        Counter.builder("nexo.mcp.calls").description("MCP tools/call requests by outcome")
                .tag("tool", tool).tag("outcome", outcome).register(r).increment();
        Timer.builder("nexo.mcp.call.duration").description("MCP tools/call latency").tag("tool", tool)
                .register(r).record(nanos, TimeUnit.NANOSECONDS);
    }

    void denial(String reason) {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("nexo.mcp.denials").description("MCP calls refused, by reason").tag("reason", reason)
                    .register(r).increment();
        }
    }

    void authFailure() {
        MeterRegistry r = registry;
        if (r != null) {
            Counter.builder("nexo.mcp.auth.failures").description("MCP requests refused with 401").register(r).increment();
        }
    }
}

package dev.nexo.core.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class HttpMetricsTest {

    @Test
    void routesKeepAtMostThreeSegments() {
        assertEquals("/admin/api/bundles", HttpMetrics.route("/admin/api/bundles/42", 200));
        assertEquals("/health", HttpMetrics.route("/health", 200));
        assertEquals("/", HttpMetrics.route("", 200));
    }

    @Test
    void unmatchedPathsShareOneLabel() {
        assertEquals("unmatched", HttpMetrics.route("/wp-admin/x/y/z", 404));
    }

    @Test
    void recordsATimerPerRouteAndStatus() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        HttpMetrics metrics = new HttpMetrics(registry);
        metrics.record("GET", "/admin/api/bundles/1", 200, 1_000_000);
        metrics.record("GET", "/admin/api/bundles/2", 200, 1_000_000);
        assertEquals(2, registry.get("nexo.http.requests").tag("route", "/admin/api/bundles").timer().count());
    }
}

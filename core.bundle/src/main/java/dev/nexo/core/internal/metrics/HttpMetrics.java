package dev.nexo.core.internal.metrics;

import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Times admin HTTP requests by method, status and a low-cardinality route. */
@Component(service = HttpMetrics.class)
public class HttpMetrics {
    private final MeterRegistry registry;

    @Activate
    public HttpMetrics(@Reference(target = "(nexo.registry=prometheus)") MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one request. */
    public void record(String method, String uri, int status, long nanos) {
        Timer.builder("nexo.http.requests")
                .description("Admin HTTP requests")
                .tag("method", method == null ? "?" : method)
                .tag("status", Integer.toString(status))
                .tag("route", route(uri, status))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * At most the first three path segments, so ids in paths do not explode label cardinality;
     * unmatched paths (404) share one label so scanners cannot either.
     */
    static String route(String uri, int status) {
        if (status == 404) {
            return "unmatched";
        }
        if (uri == null || uri.isEmpty()) {
            return "/";
        }
        StringBuilder route = new StringBuilder();
        int segments = 0;
        for (String part : uri.split("/")) {
            if (!part.isEmpty() && segments++ < 3) {
                route.append('/').append(part.length() > 32 ? part.substring(0, 32) : part);
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}

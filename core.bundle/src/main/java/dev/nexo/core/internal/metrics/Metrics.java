package dev.nexo.core.internal.metrics;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Owns the Prometheus meter registry and publishes it as a {@link MeterRegistry} service
 * ({@code nexo.registry=prometheus}) so every bundle adds its meters to the one {@code /metrics}.
 * Registers JVM meters and a per-state bundle count.
 */
@Component(service = {})
public class Metrics {
    private static final String[] STATES = {"installed", "resolved", "starting", "stopping", "active"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ServiceRegistration<MeterRegistry> registration;

    @Activate
    public Metrics(BundleContext context) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        for (String state : STATES) {
            Gauge.builder("nexo.bundles", context, c -> count(c, state))
                    .description("Installed bundles by state")
                    .tag("state", state)
                    .register(registry);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("nexo.registry", "prometheus");
        registration = context.registerService(MeterRegistry.class, registry, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        gc.close();
        registry.close();
    }

    private static double count(BundleContext context, String state) {
        int wanted = switch (state) {
            case "installed" -> Bundle.INSTALLED;
            case "resolved" -> Bundle.RESOLVED;
            case "starting" -> Bundle.STARTING;
            case "stopping" -> Bundle.STOPPING;
            default -> Bundle.ACTIVE;
        };
        int matching = 0;
        try {
            for (Bundle b : context.getBundles()) {
                if (b.getState() == wanted) {
                    matching++;
                }
            }
        } catch (IllegalStateException stopping) {
            return Double.NaN;
        }
        return matching;
    }
}

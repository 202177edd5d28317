package dev.nexo.core.internal.status;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.core.internal.bundles.BundleDTO;
import dev.nexo.core.internal.channel.ChannelRegistry;
import dev.nexo.core.internal.health.Readiness;
import dev.nexo.core.internal.runtime.StateRoot;

/** One summary of the container for the admin API and the {@code nexo:status} command. */
@Component(service = StatusService.class)
public class StatusService {
    /** The summary. */
    public static class StatusDTO {
        public String version;
        public long uptimeMs;
        public boolean ready;
        public java.util.List<String> missing;
        public String stateRoot;
        public String configDir;
        public String deployDir;
        public int channels;
        public Map<String, Integer> bundles;
        /** {@code local} or {@code nats}, or null while no broker runs. */
        public String broker;
    }

    private final BundleContext context;
    private final StateRoot state;
    private final Readiness readiness;
    private final ChannelRegistry channels;

    @Activate
    public StatusService(BundleContext context, @Reference StateRoot state, @Reference Readiness readiness,
            @Reference ChannelRegistry channels) {
        this.context = context;
        this.state = state;
        this.readiness = readiness;
        this.channels = channels;
    }

    /** @return the current summary */
    public StatusDTO status() {
        StatusDTO s = new StatusDTO();
        s.version = context.getBundle().getVersion().toString();
        s.uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        s.missing = readiness.missing();
        s.ready = s.missing.isEmpty();
        s.stateRoot = state.root().toString();
        s.configDir = state.configDir().map(Object::toString).orElse(null);
        s.deployDir = state.deployDir().toString();
        s.channels = channels.list().size();
        Map<String, Integer> counts = new TreeMap<>();
        for (Bundle b : context.getBundles()) {
            counts.merge(BundleDTO.state(b.getState()).toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        }
        s.bundles = new LinkedHashMap<>(counts);
        // read at call time: the broker changes this property when it switches at runtime
        org.osgi.framework.ServiceReference<?> broker = context.getServiceReference(dev.nexo.api.broker.Broker.class);
        Object kind = broker == null ? null : broker.getProperty(dev.nexo.api.broker.Broker.KIND);
        s.broker = kind == null ? null : kind.toString();
        return s;
    }
}

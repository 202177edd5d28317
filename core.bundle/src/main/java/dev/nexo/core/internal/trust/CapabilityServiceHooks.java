package dev.nexo.core.internal.trust;

import java.util.Collection;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.NexoCapabilities;

/**
 * Hides services that carry the {@code dev.nexo.capability} property (secrets, outbound sending,
 * foreign-topic publishing) from bundles the policy has not granted that capability. The system
 * bundle, the core and the registering bundle always see them.
 */
@Component(service = {FindHook.class, EventListenerHook.class})
public class CapabilityServiceHooks implements FindHook, EventListenerHook {
    private final BundlePolicy policy;
    private final long coreId;

    @Activate
    public CapabilityServiceHooks(BundleContext context, @Reference BundlePolicy policy) {
        this.policy = policy;
        this.coreId = context.getBundle().getBundleId();
    }

    @Override
    public void find(BundleContext context, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle consumer = context.getBundle();
        references.removeIf(ref -> !entitled(consumer, ref));
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> ref = event.getServiceReference();
        if (ref.getProperty(NexoCapabilities.SERVICE_PROPERTY) == null) {
            return;
        }
        listeners.keySet().removeIf(ctx -> !entitled(ctx.getBundle(), ref));
    }

    boolean entitled(Bundle consumer, ServiceReference<?> ref) {
        Object required = ref.getProperty(NexoCapabilities.SERVICE_PROPERTY);
        if (required == null || consumer == null) {
            return true;
        }
        long id = consumer.getBundleId();
        Bundle owner = ref.getBundle();
        if (id == 0 || id == coreId || (owner != null && owner.getBundleId() == id)) {
            return true;
        }
        for (String name : names(required)) {
            if (!policy.isGranted(consumer.getSymbolicName(), name)) {
                return false;
            }
        }
        return true;
    }

    private static String[] names(Object property) {
        if (property instanceof String[] array) {
            return array;
        }
        if (property instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toArray(String[]::new);
        }
        return new String[] {String.valueOf(property)};
    }
}

package dev.nexo.core.internal.channel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.channel.Channel;

/**
 * The whiteboard of {@link Channel} services: channels appear when their bundle's component
 * activates and disappear when it goes, without anything else restarting.
 */
@Component(service = ChannelRegistry.class)
public class ChannelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    /** A registered channel as the admin surfaces show it. */
    public static class ChannelDTO {
        public String kind;
        public String instance;
        public long bundleId;
        public String bundle;
        public long serviceId;
        /** Health at the time of the listing: {@code ChannelState} name, its detail, when it was checked. */
        public String state;
        public String detail;
        public String checkedAt;
    }

    private final Map<Long, ChannelDTO> channels = new ConcurrentHashMap<>();
    private final Map<Long, Channel> services = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addChannel(ServiceReference<Channel> ref, Channel channel) {
        ChannelDTO dto = new ChannelDTO();
        dto.kind = property(ref, Channel.KIND);
        dto.instance = property(ref, Channel.INSTANCE);
        Bundle b = ref.getBundle();
        dto.bundleId = b == null ? -1 : b.getBundleId();
        dto.bundle = b == null ? null : b.getSymbolicName();
        dto.serviceId = (Long) ref.getProperty("service.id");
        channels.put(dto.serviceId, dto);
        services.put(dto.serviceId, channel);
        LOG.info("channel up kind={} instance={} bundle={}", dto.kind, dto.instance, dto.bundle);
    }

    void removeChannel(ServiceReference<Channel> ref, Channel channel) {
        services.remove((Long) ref.getProperty("service.id"));
        ChannelDTO dto = channels.remove((Long) ref.getProperty("service.id"));
        if (dto != null) {
            LOG.info("channel down kind={} instance={} bundle={}", dto.kind, dto.instance, dto.bundle);
        }
    }

    /** @return the registered channels, ordered by kind then instance */
    public List<ChannelDTO> list() {
        List<ChannelDTO> all = new ArrayList<>();
        for (ChannelDTO c : channels.values()) {
            all.add(withHealth(c, services.get(c.serviceId)));
        }
        all.sort(Comparator.comparing((ChannelDTO c) -> String.valueOf(c.kind))
                .thenComparing(c -> String.valueOf(c.instance)));
        return all;
    }

    /** A copy of {@code c} with the channel's current health; a channel whose health() throws reads as unknown. */
    private static ChannelDTO withHealth(ChannelDTO c, Channel channel) {
        ChannelDTO d = new ChannelDTO();
        d.kind = c.kind;
        d.instance = c.instance;
        d.bundleId = c.bundleId;
        d.bundle = c.bundle;
        d.serviceId = c.serviceId;
        try {
            dev.nexo.api.channel.ChannelHealth h = channel == null ? null : channel.health();
            if (h != null) {
                d.state = h.state().name();
                d.detail = h.detail();
                d.checkedAt = h.checkedAt() == null ? null : h.checkedAt().toString();
            }
        } catch (RuntimeException e) {
            d.state = "UNKNOWN";
            d.detail = "health() failed: " + e.getClass().getSimpleName();
        }
        return d;
    }

    private static String property(ServiceReference<?> ref, String key) {
        Object v = ref.getProperty(key);
        return v == null ? null : v.toString();
    }
}

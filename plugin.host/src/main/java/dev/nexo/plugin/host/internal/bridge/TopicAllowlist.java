package dev.nexo.plugin.host.internal.bridge;

import dev.nexo.api.event.TopicPattern;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a plugin may publish and receives (plugin contract §6), derived from its manifest only: for
 * each channel kind K it registers or extends, it may publish on {@code plugin.inbound.K[.>]} and
 * {@code plugin.delivery.K[.>]}, and receives {@code plugin.outbound.K[.>]} for registered kinds.
 * Everything else (e.g. {@code agent.route.*}) is dropped: the main defence against hijacking.
 */
public final class TopicAllowlist {
    private final List<TopicPattern> publish = new ArrayList<>();
    private final List<String> subscribe = new ArrayList<>();

    public TopicAllowlist(PluginManifest m) {
        Set<String> kinds = new LinkedHashSet<>(m.channelKinds());
        kinds.addAll(m.extensions().channels());
        for (String k : kinds) {
            for (String prefix : List.of("plugin.inbound.", "plugin.delivery.")) {
                publish.add(TopicPattern.compile(prefix + k));
                publish.add(TopicPattern.compile(prefix + k + ".>"));
            }
        }
        for (String k : m.channelKinds()) {
            if (!m.extensions().channels().contains(k)) { // extended kinds get outbound through their Channel service
                subscribe.add("plugin.outbound." + k);
                subscribe.add("plugin.outbound." + k + ".>");
            }
        }
    }

    public boolean mayPublish(String topic) {
        for (TopicPattern p : publish) {
            if (p.matches(topic)) {
                return true;
            }
        }
        return false;
    }

    /** @return the patterns to subscribe to on the plugin's behalf */
    public List<String> subscriptions() {
        return List.copyOf(subscribe);
    }
}

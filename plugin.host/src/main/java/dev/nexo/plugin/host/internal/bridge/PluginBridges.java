package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.broker.SubscriptionOptions;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.framework.Constants;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects one running plugin to Nexo: broker subscriptions that feed {@code broker.event}, and
 * ordinary OSGi services for its tools, channels, LLM providers, hooks and memory backends. {@link #close()} undoes all of it, so a crash,
 * a restart or the host bundle stopping leaves nothing behind.
 */
public final class PluginBridges implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginBridges.class);
    /** Service property naming the plugin that contributed a service. */
    public static final String PLUGIN_ID = "nexo.plugin.id";

    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<PluginChannel> channels = new ArrayList<>();
    private final List<String> toolNames = new ArrayList<>();

    /** Service property the trust policy reads for a capability's provenance (wire name). */
    static final String PROVENANCE = "nexo.trust.provenance";
    /**
     * Service property the trust policy compares on re-registration: {@code <id>@<version>}, so
     * installing another version of a plugin revokes the grants its tools and extensions had.
     */
    static final String TARGET = "nexo.trust.target";

    /** Timeouts of host → child calls; {@code stream} bounds a streamed {@code llm.chat}, deltas included. */
    public record Timeouts(Duration call, Duration hook, Duration stream) {
    }

    /**
     * Where the bridges find the trust services, which gate every use of a plugin's hooks and memory
     * backends; either supplier may return null while the service is absent (then nothing is called).
     */
    public record Trust(Supplier<TrustPolicy> policy, Supplier<AuditLog> audit) {
    }

    /**
     * @param isReadTool the operator's list of plugin tools marked {@code read}; others are {@code write}
     * @param embedder the container's embedder, for plugin memory backends (vector indexes); may supply null
     */
    public PluginBridges(BundleContext context, Broker broker, PluginManifest m, RpcChannel rpc, JsonNode initResult,
            Timeouts timeouts, Predicate<String> isReadTool, Supplier<Embedder> embedder, Trust trust) {
        String id = m.id();
        Duration callTimeout = timeouts.call();
        ExtensionGate gate = new ExtensionGate(id, trust);
        String target = id + "@" + m.version();
        try {
            for (String pattern : new TopicAllowlist(m).subscriptions()) {
                subscriptions.add(broker.subscribe(pattern, SubscriptionOptions.builder().dropOnOverflow().build(),
                        event -> {
                            ObjectNode params = JsonNodeFactory.instance.objectNode().put("topic", event.topic());
                            params.set("event", EventWire.toJson(event));
                            rpc.notify("broker.event", params);
                        }));
            }
            for (JsonNode t : initResult.path("tools")) {
                String name = t.path("name").asText();
                String exposed = ToolNames.exposed(id, name);
                Sensitivity s = isReadTool.test(exposed) ? Sensitivity.READ : Sensitivity.WRITE;
                JsonNode schema = t.path("input_schema");
                ToolDescriptor d = new ToolDescriptor(exposed, "[ext:" + id + "] " + t.path("description").asText(""),
                        schema.isObject() ? schema.toString() : "{\"type\":\"object\"}", s);
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(Tool.NAME, exposed);
                props.put(PLUGIN_ID, id);
                props.put(PROVENANCE, Provenance.SUBPROCESS_PLUGIN.wireName());
                props.put(TARGET, target);
                registrations.add(context.registerService(Tool.class, new PluginTool(id, name, d, rpc, callTimeout), props));
                toolNames.add(exposed);
            }
            for (String kind : m.extensions().channels()) {
                rpc.request("channel.start", JsonNodeFactory.instance.objectNode().put("kind", kind).putNull("instance"),
                        callTimeout).exceptionally(e -> {
                            LOG.warn("plugin {}: channel.start {} failed: {}", id, kind, e.toString());
                            return null;
                        });
                PluginChannel ch = new PluginChannel(id, kind, Channel.DEFAULT_INSTANCE, rpc, callTimeout);
                Hashtable<String, Object> props = new Hashtable<>();
                props.put(Channel.KIND, kind);
                props.put(Channel.INSTANCE, Channel.DEFAULT_INSTANCE);
                props.put(PLUGIN_ID, id);
                registrations.add(context.registerService(Channel.class, ch, props));
                channels.add(ch);
            }
            for (String provider : m.extensions().llmProviders()) {
                register(context, LlmProvider.class, new PluginLlmProvider(id, provider, rpc, callTimeout, timeouts.stream()), id,
                        LlmProvider.PROVIDER, provider);
            }
            for (String hook : m.extensions().hooks()) {
                HookPoint point = hookPoint(id, hook);
                if (point != null) {
                    String cap = ExtensionGate.hookCapability(id, point.wireName());
                    registerCapability(context, gate.capability(cap, "hook " + point.wireName()
                            + ": sees every turn at that point and may block or rewrite it"), id, target);
                    register(context, Hook.class, new PluginHook(id, point, rpc, timeouts.hook(), gate), id,
                            Hook.POINTS, new String[] {point.name()});
                    LOG.info("plugin {}: hook {} registered; called only for agents granted {}", id, point.wireName(), cap);
                }
            }
            for (String backend : m.extensions().memoryBackends()) {
                String cap = ExtensionGate.memoryCapability(id, backend);
                registerCapability(context, gate.capability(cap, "memory backend " + backend
                        + ": stores and returns the agent's memories"), id, target);
                // ranked below bundle stores: a plugin never silently becomes the default memory
                Hashtable<String, Object> props = props(id, MemoryStore.BACKEND, backend);
                props.put(Constants.SERVICE_RANKING, -100);
                registrations.add(context.registerService(MemoryStore.class,
                        new PluginMemoryStore(id, backend, rpc, embedder, gate), props));
                LOG.info("plugin {}: memory backend {} registered; used only for agents granted {}", id, backend, cap);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void registerCapability(BundleContext context, Capability capability, String pluginId, String target) {
        Hashtable<String, Object> props = props(pluginId, PROVENANCE, Provenance.SUBPROCESS_PLUGIN.wireName());
        props.put(TARGET, target);
        registrations.add(context.registerService(Capability.class, capability, props));
    }

    private <T> void register(BundleContext context, Class<T> type, T service, String pluginId, String key, Object value) {
        registrations.add(context.registerService(type, service, props(pluginId, key, value)));
    }

    private static Hashtable<String, Object> props(String pluginId, String key, Object value) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(key, value);
        props.put(PLUGIN_ID, pluginId);
        return props;
    }

    private static HookPoint hookPoint(String pluginId, String name) {
        try {
            return HookPoint.parse(name);
        } catch (IllegalArgumentException e) {
            LOG.warn("plugin {}: hook '{}' is not a hook point ({}); not registered", pluginId, name,
                    java.util.Arrays.stream(HookPoint.values()).map(HookPoint::wireName).toList());
            return null;
        }
    }

    /** @return the names agents see for this plugin's tools */
    public List<String> toolNames() {
        return List.copyOf(toolNames);
    }

    @Override
    public void close() {
        channels.forEach(PluginChannel::stopped);
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        subscriptions.forEach(Subscription::close);
        subscriptions.clear();
    }
}

package dev.nexo.plugin.host.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/** What a {@link PluginInstance} needs from its host; the OSGi host implements it, tests fake it. */
public interface PluginContext {
    String nexoVersion();

    /** @return the plugin's writable state directory ({@code ${state_dir}}), created */
    Path stateDir(String pluginId);

    Map<String, String> hostEnvironment();

    /** @return the bwrap executable, if installed */
    Optional<String> bwrap();

    /** @return whether unsandboxed plugins must be refused */
    boolean requireSandbox();

    Duration initTimeout();

    Duration shutdownGrace();

    int queueDepth();

    int maxFrameBytes();

    ScheduledExecutorService scheduler();

    /** Publishes {@code plugin.lifecycle.<id>.<phase>} (source {@code plugin.supervisor}). */
    void lifecycle(String pluginId, String phase, ObjectNode payload);

    /** @return the operator's configuration for {@code plugin.configure}, if any */
    Optional<JsonNode> configuration(String pluginId);

    /**
     * Connects a plugin that passed its handshake to the rest of Nexo (broker subscriptions, tool,
     * channel, provider and hook services).
     *
     * @return what to close when the plugin goes away
     */
    AutoCloseable attach(PluginInstance plugin, RpcChannel rpc, JsonNode initializeResult) throws Exception;

    /** A request from the child ({@code memory.recall}, {@code llm.complete}). */
    CompletionStage<JsonNode> childRequest(PluginInstance plugin, String method, JsonNode params);

    /** A notification from the child ({@code broker.publish}). */
    void childNotification(PluginInstance plugin, String method, JsonNode params);
}

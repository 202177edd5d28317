package dev.nexo.plugin.host.internal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** A host without OSGi: records lifecycle events, publishes and attachments. */
final class FakeContext implements PluginContext {
    final List<String> lifecycle = new CopyOnWriteArrayList<>();
    final List<ObjectNode> lifecyclePayloads = new CopyOnWriteArrayList<>();
    final List<JsonNode> published = new CopyOnWriteArrayList<>();
    final List<String> detached = new CopyOnWriteArrayList<>();
    final Map<String, String> env = new HashMap<>(System.getenv());
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final Path state;
    volatile RpcChannel rpc;
    Optional<String> bwrap = Optional.empty();
    boolean requireSandbox;
    Duration initTimeout = Duration.ofSeconds(5);

    FakeContext(Path state) {
        this.state = state;
    }

    @Override
    public String nexoVersion() {
        return "0.1.0";
    }

    @Override
    public Path stateDir(String pluginId) {
        try {
            return Files.createDirectories(state.resolve(pluginId));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> hostEnvironment() {
        return env;
    }

    @Override
    public Optional<String> bwrap() {
        return bwrap;
    }

    @Override
    public boolean requireSandbox() {
        return requireSandbox;
    }

    @Override
    public Duration initTimeout() {
        return initTimeout;
    }

    @Override
    public Duration shutdownGrace() {
        return Duration.ofSeconds(1);
    }

    @Override
    public int queueDepth() {
        return 64;
    }

    @Override
    public int maxFrameBytes() {
        return 1 << 20;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void lifecycle(String pluginId, String phase, ObjectNode payload) {
        lifecycle.add(phase);
        lifecyclePayloads.add(payload);
    }

    @Override
    public Optional<JsonNode> configuration(String pluginId) {
        return Optional.empty();
    }

    @Override
    public AutoCloseable attach(PluginInstance plugin, RpcChannel channel, JsonNode initializeResult) {
        rpc = channel;
        return () -> detached.add(plugin.id());
    }

    @Override
    public CompletionStage<JsonNode> childRequest(PluginInstance plugin, String method, JsonNode params) {
        return CompletableFuture.failedFuture(new RpcException(RpcException.METHOD_NOT_FOUND, method, null));
    }

    @Override
    public void childNotification(PluginInstance plugin, String method, JsonNode params) {
        published.add(params);
    }
}

package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcHandler;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A plugin process started from a test with a started JSON-RPC channel on its stdio, as the bridges
 * use it. The host side answers no requests from the plugin (the bridge tests only call the plugin)
 * and ignores its notifications. {@link #close()} closes the channel and kills the process.
 */
record PluginChild(Process process, RpcChannel rpc) implements AutoCloseable {
    /** Starts {@code command} and opens the channel to it, named {@code pluginId}. */
    static PluginChild start(String pluginId, ProcessBuilder command) throws IOException {
        Process process = command.start();
        RpcChannel rpc = new RpcChannel(pluginId, process.getInputStream(), process.getOutputStream(), new RpcHandler() {
            @Override
            public CompletionStage<JsonNode> onRequest(String method, JsonNode params) {
                return CompletableFuture.failedFuture(new IllegalStateException("unexpected " + method));
            }

            @Override
            public void onNotification(String method, JsonNode params) {
            }

            @Override
            public void onProtocolError(String reason) {
            }

            @Override
            public void onClosed() {
            }
        }, 64, 1 << 20);
        rpc.start();
        return new PluginChild(process, rpc);
    }

    @Override
    public void close() {
        rpc.close("test over");
        process.destroyForcibly();
    }
}

package dev.nexo.plugin.host.internal.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/** What the host does with frames the child sends on its own initiative. */
public interface RpcHandler {
    /**
     * A child → host request (e.g. {@code memory.recall}, {@code llm.complete}).
     *
     * @return the result; fail with {@link RpcException} for a typed error
     */
    CompletionStage<JsonNode> onRequest(String method, JsonNode params);

    /** A child → host notification (e.g. {@code broker.publish}); never answered. */
    void onNotification(String method, JsonNode params);

    /** The child broke the wire contract (e.g. non-JSON on stdout); the host tears it down. */
    void onProtocolError(String reason);

    /** The child's stdout ended (it exited or closed it). */
    void onClosed();
}

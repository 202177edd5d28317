package dev.nexo.mcp.client.internal.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.mcp.client.internal.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of an MCP session over one {@link Transport}: JSON-RPC 2.0 request/response
 * correlation, per-request timeouts (a request that times out is cancelled with
 * {@code notifications/cancelled}), the {@code initialize} handshake, answers to the few requests a
 * server may send us ({@code ping}, {@code roots/list}; anything else is "method not found"), and
 * notifications handed to the owner.
 */
public final class McpSession implements Transport.Listener {
    /** The newest protocol revision this client speaks; servers may answer with an older one. */
    public static final String PROTOCOL_VERSION = "2025-06-18";
    private static final Logger LOG = LoggerFactory.getLogger(McpSession.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String server;
    private final Transport transport;
    private final ScheduledExecutorService timer;
    private final BiConsumer<String, JsonNode> onNotification;
    private final java.util.function.Consumer<String> onClosed;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(-1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile JsonNode initializeResult;

    /**
     * @param server the server's name, for messages
     * @param transport the connection; started by {@link #open}
     * @param timer schedules request timeouts
     * @param onNotification told about every notification (method, params)
     * @param onClosed told once when the connection ends on its own (not through {@link #close})
     */
    public McpSession(String server, Transport transport, ScheduledExecutorService timer,
            BiConsumer<String, JsonNode> onNotification, java.util.function.Consumer<String> onClosed) {
        this.server = server;
        this.transport = transport;
        this.timer = timer;
        this.onNotification = onNotification;
        this.onClosed = onClosed;
    }

    /**
     * Starts the transport and performs the handshake: {@code initialize} (id 0), then the
     * fire-and-forget {@code notifications/initialized}.
     *
     * @return the server's InitializeResult
     */
    public CompletableFuture<JsonNode> open(String clientVersion, Duration timeout) {
        try {
            transport.start(this);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new McpException(McpException.Kind.TRANSPORT, 0,
                    "mcp server " + server + ": cannot start: " + e.getMessage(), e));
        }
        ObjectNode params = NODES.objectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities").putObject("roots").put("listChanged", false);
        params.putObject("clientInfo").put("name", "nexo").put("version", clientVersion);
        return request("initialize", params, timeout).thenCompose(result -> {
            initializeResult = result;
            if (transport instanceof dev.nexo.mcp.client.internal.transport.HttpTransport http) {
                http.protocolVersion(result.path("protocolVersion").asText(PROTOCOL_VERSION));
            }
            // delivered before any other request: over HTTP each message is its own POST
            return notify("notifications/initialized", null).thenApply(v -> {
                if (transport instanceof dev.nexo.mcp.client.internal.transport.HttpTransport http) {
                    http.openEventStream();
                }
                return result;
            });
        });
    }

    /** @return the InitializeResult, once {@link #open} succeeded */
    public JsonNode initializeResult() {
        return initializeResult;
    }

    /**
     * Sends a request.
     *
     * @return the result, or failure with {@link McpException}
     */
    public CompletableFuture<JsonNode> request(String method, JsonNode params, Duration timeout) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new McpException(McpException.Kind.CLOSED, 0,
                    "mcp server " + server + " is not connected", null));
            return result;
        }
        pending.put(id, result);
        ObjectNode frame = NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            frame.set("params", params);
        }
        transport.send(frame).whenComplete((v, e) -> {
            if (e != null && pending.remove(id) != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                result.completeExceptionally(new McpException(McpException.Kind.TRANSPORT, 0,
                        "mcp server " + server + ": " + method + " not delivered: " + cause.getMessage(), cause));
            }
        });
        timer.schedule(() -> {
            if (pending.remove(id) != null) {
                ObjectNode cancel = NODES.objectNode().put("requestId", id).put("reason", "timeout");
                notify("notifications/cancelled", cancel);
                result.completeExceptionally(new McpException(McpException.Kind.TIMEOUT, 0, "mcp server " + server
                        + " did not answer " + method + " within " + timeout.toMillis() + " ms", null));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result;
    }

    /**
     * Sends a notification; failures are logged, never thrown.
     *
     * @return completes (normally, also on failure) once the notification was handed over
     */
    public CompletableFuture<Void> notify(String method, JsonNode params) {
        if (closed.get()) {
            return CompletableFuture.completedFuture(null);
        }
        ObjectNode frame = NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            frame.set("params", params);
        }
        return transport.send(frame).exceptionally(e -> {
            LOG.debug("mcp server {}: notification {} not delivered: {}", server, method, e.toString());
            return null;
        });
    }

    @Override
    public void onMessage(JsonNode message) {
        JsonNode id = message.get("id");
        String method = message.path("method").asText(null);
        if (method == null && id != null) {
            CompletableFuture<JsonNode> f = id.canConvertToLong() ? pending.remove(id.asLong()) : null;
            if (f == null) {
                LOG.debug("mcp server {}: answer to unknown or expired request {}", server, id);
            } else if (message.has("error")) {
                JsonNode err = message.get("error");
                f.completeExceptionally(new McpException(McpException.Kind.REMOTE, err.path("code").asInt(),
                        "mcp server " + server + " error " + err.path("code").asInt() + ": " + err.path("message").asText(""), null));
            } else {
                f.complete(message.path("result"));
            }
        } else if (method != null && id != null) {
            answerServerRequest(id, method);
        } else if (method != null) {
            onNotification.accept(method, message.path("params"));
        }
    }

    private void answerServerRequest(JsonNode id, String method) {
        ObjectNode reply = NODES.objectNode().put("jsonrpc", "2.0");
        reply.set("id", id);
        switch (method) {
            case "ping" -> reply.putObject("result");
            case "roots/list" -> reply.putObject("result").putArray("roots");
            default -> reply.putObject("error").put("code", -32601).put("message", "method not supported by this client: " + method);
        }
        transport.send(reply);
    }

    @Override
    public void onClosed(String reason) {
        failAll("mcp server " + server + " connection ended: " + reason);
        if (closed.compareAndSet(false, true)) {
            onClosed.accept(reason);
        }
    }

    /** @return requests waiting for an answer */
    public int inFlight() {
        return pending.size();
    }

    /**
     * Cancels every in-flight request ({@code notifications/cancelled}), then closes the transport
     * (which waits the shutdown grace for a child process).
     */
    public void close() {
        for (Long id : pending.keySet()) {
            notify("notifications/cancelled", NODES.objectNode().put("requestId", id).put("reason", "client shutting down"));
        }
        closed.set(true);
        failAll("mcp server " + server + " was stopped");
        transport.close();
    }

    private void failAll(String message) {
        McpException gone = new McpException(McpException.Kind.CLOSED, 0, message, null);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
    }
}

package dev.nexo.plugin.host.internal.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Newline-delimited JSON-RPC 2.0 over a child's stdin/stdout (nexo plugin contract v1.10 §1, §3).
 *
 * <p>One reader thread parses the child's stdout; one writer thread drains a bounded queue (depth
 * {@code queueDepth}, default 64) into its stdin. Nothing here ever blocks a caller: a notification
 * that does not fit is dropped and counted (§8 backpressure), a request that does not fit fails at
 * once. A line that is not a JSON object is a contract breach reported to the handler; a line longer
 * than {@code maxFrameBytes} is skipped with a warning.
 */
public final class RpcChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RpcChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POISON = "\u0000";

    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final RpcHandler handler;
    private final int maxFrameBytes;
    private final BlockingQueue<String> sendQueue;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Requests that accept progress notifications ({@code llm.chat.delta}) before their response. */
    private final Map<Long, StreamSink> streams = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread reader;
    private Thread writer;

    public RpcChannel(String name, InputStream childStdout, OutputStream childStdin, RpcHandler handler, int queueDepth,
            int maxFrameBytes) {
        this.name = name;
        this.in = childStdout;
        this.out = childStdin;
        this.handler = handler;
        this.maxFrameBytes = maxFrameBytes;
        this.sendQueue = new ArrayBlockingQueue<>(queueDepth);
    }

    /** Starts the reader and writer threads. */
    public void start() {
        reader = new Thread(this::readLoop, "nexo-plugin-" + name + "-reader");
        writer = new Thread(this::writeLoop, "nexo-plugin-" + name + "-writer");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    /**
     * Sends a request.
     *
     * @return the result, or failure with {@link RpcException} (peer error, timeout, queue full, closed)
     */
    public CompletableFuture<JsonNode> request(String method, JsonNode params, Duration timeout) {
        return request(ids.incrementAndGet(), method, params, timeout);
    }

    /**
     * Sends a request whose answer may be preceded by notifications {@code deltaMethod} carrying
     * {@code request_id} = this request's id (contract §5.y: {@code llm.chat.delta}). Their params
     * go to {@code onDelta} on the reader thread, in order, before the result completes; other
     * notifications go to the handler as usual.
     *
     * @return the final result, as {@link #request(String, JsonNode, Duration)}
     */
    public CompletableFuture<JsonNode> streamingRequest(String method, JsonNode params, Duration timeout,
            String deltaMethod, Consumer<JsonNode> onDelta) {
        long id = ids.incrementAndGet();
        streams.put(id, new StreamSink(deltaMethod, onDelta));
        CompletableFuture<JsonNode> result = request(id, method, params, timeout);
        result.whenComplete((r, e) -> streams.remove(id));
        return result;
    }

    private record StreamSink(String method, Consumer<JsonNode> onDelta) {
    }

    private CompletableFuture<JsonNode> request(long id, String method, JsonNode params, Duration timeout) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new RpcException(RpcException.PLUGIN_GONE, "plugin " + name + " is not running", null));
            return result;
        }
        pending.put(id, result);
        ObjectNode frame = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params == null ? JsonNodeFactory.instance.objectNode() : params);
        if (!sendQueue.offer(frame.toString())) {
            pending.remove(id);
            result.completeExceptionally(new RpcException(RpcException.INTERNAL_ERROR,
                    "plugin " + name + " is not reading its input (send queue full)", null));
            return result;
        }
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (pending.remove(id) != null) {
                result.completeExceptionally(new RpcException(RpcException.TIMEOUT, method + " to plugin " + name
                        + " timed out after " + timeout.toMillis() + " ms", null));
            }
        });
        return result;
    }

    /** @return whether the notification was queued; false means dropped (queue full or closed) */
    public boolean notify(String method, JsonNode params) {
        ObjectNode frame = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0").put("method", method);
        frame.set("params", params);
        if (closed.get() || !sendQueue.offer(frame.toString())) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("plugin {}: dropped {} notification(s) because it does not read its input fast enough", name, n);
            }
            return false;
        }
        return true;
    }

    /** @return notifications dropped so far because the send queue was full */
    public long droppedCount() {
        return dropped.get();
    }

    /** @return requests waiting for an answer */
    public int pendingCount() {
        return pending.size();
    }

    /** Fails every pending request with {@code reason}, stops the threads; idempotent. */
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RpcException gone = new RpcException(RpcException.PLUGIN_GONE, reason, null);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
        streams.clear();
        sendQueue.clear();
        sendQueue.offer(POISON);
        try {
            out.close();
        } catch (IOException e) {
            // the child is gone already
        }
        if (writer != null) {
            writer.interrupt();
        }
    }

    @Override
    public void close() {
        close("plugin " + name + " stopped");
    }

    /** Waits for the reader and writer threads to end (after {@link #close} and the child's exit). */
    public void join(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : new Thread[] {reader, writer}) {
            if (t != null) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                String line = sendQueue.take();
                if (line == POISON) {
                    return;
                }
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("plugin {}: stdin closed: {}", name, e.toString());
            }
        }
    }

    private void readLoop() {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean oversized = false;
        try {
            int b;
            while ((b = in.read()) != -1) {
                if (b != '\n') {
                    if (line.size() < maxFrameBytes) {
                        line.write(b);
                    } else if (!oversized) {
                        oversized = true;
                        LOG.warn("plugin {}: frame longer than {} bytes skipped", name, maxFrameBytes);
                    }
                    continue;
                }
                if (!oversized) {
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    if (!text.isEmpty() && !dispatch(text)) {
                        return;
                    }
                }
                line.reset();
                oversized = false;
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("plugin {}: stdout read failed: {}", name, e.toString());
            }
        } finally {
            if (!closed.get()) {
                handler.onClosed();
            }
        }
    }

    /** @return false if the channel must stop reading (contract breach) */
    private boolean dispatch(String text) {
        JsonNode frame;
        try {
            frame = JSON.readTree(text);
        } catch (IOException e) {
            frame = null;
        }
        if (frame == null || !frame.isObject()) {
            String shown = text.length() > 120 ? text.substring(0, 120) + "…" : text;
            handler.onProtocolError("wrote non-JSON-RPC output on stdout (only JSON-RPC frames are allowed there; "
                    + "log to stderr): " + shown);
            return false;
        }
        JsonNode id = frame.get("id");
        String method = frame.path("method").asText(null);
        if (method == null) {
            response(id, frame);
        } else if (id == null || id.isNull()) {
            if (!streamDelta(method, frame.path("params"))) {
                handler.onNotification(method, frame.path("params"));
            }
        } else {
            incomingRequest(id, method, frame.path("params"));
        }
        return true;
    }

    /** @return whether the notification was a delta of a streaming request in flight (and was delivered) */
    private boolean streamDelta(String method, JsonNode params) {
        JsonNode requestId = params.path("request_id");
        StreamSink sink = streams.isEmpty() || !requestId.canConvertToLong() ? null : streams.get(requestId.asLong());
        if (sink == null || !sink.method().equals(method)) {
            return false;
        }
        try {
            sink.onDelta().accept(params);
        } catch (RuntimeException e) {
            LOG.warn("plugin {}: {} listener failed: {}", name, method, e.toString());
        }
        return true;
    }

    private void response(JsonNode id, JsonNode frame) {
        CompletableFuture<JsonNode> f = id == null || !id.canConvertToLong() ? null : pending.remove(id.asLong());
        if (f == null) {
            LOG.debug("plugin {}: response for unknown id {}", name, id);
            return;
        }
        JsonNode error = frame.get("error");
        if (error != null && error.isObject()) {
            f.completeExceptionally(new RpcException(error.path("code").asInt(RpcException.INTERNAL_ERROR),
                    error.path("message").asText("error"), error.get("data")));
        } else {
            f.complete(frame.has("result") ? frame.get("result") : JsonNodeFactory.instance.nullNode());
        }
    }

    private void incomingRequest(JsonNode id, String method, JsonNode params) {
        handler.onRequest(method, params).whenComplete((result, e) -> {
            ObjectNode reply = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
            reply.set("id", id);
            if (e == null) {
                reply.set("result", result == null ? JsonNodeFactory.instance.nullNode() : result);
            } else {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                ObjectNode err = reply.putObject("error");
                if (cause instanceof RpcException r) {
                    err.put("code", r.code()).put("message", r.getMessage());
                    if (r.data() != null) {
                        err.set("data", r.data());
                    }
                } else {
                    err.put("code", RpcException.INTERNAL_ERROR).put("message", "host error: " + cause.getClass().getSimpleName());
                }
            }
            if (!sendQueue.offer(reply.toString())) {
                LOG.warn("plugin {}: reply to {} dropped, send queue full", name, method);
            }
        });
    }
}

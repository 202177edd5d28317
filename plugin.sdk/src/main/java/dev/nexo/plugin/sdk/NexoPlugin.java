package dev.nexo.plugin.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Nexo subprocess plugin in Java: give it your manifest, register tools and a broker-event
 * handler, call {@link #run()}. The SDK owns the wire (nexo plugin contract v1.10): the
 * {@code initialize} handshake with your manifest's id and tool catalogue, {@code tool.invoke}
 * dispatch, {@code broker.event} delivery on a worker (the reader never blocks), {@code shutdown},
 * {@code --print-manifest}, {@code -32601} for unknown methods, {@code -33403} when a handler throws,
 * and a stdout guard: once {@link #run} starts, anything your code prints with {@code System.out}
 * goes to stderr, so only JSON-RPC frames reach the host. (Print nothing before {@code run}; the
 * conformance kit's {@code stdout.only_json_rpc} rule catches it if you do.)
 *
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *     NexoPlugin.fromManifest(Files.readString(Path.of("plugin.toml")))
 *         .tool("weather_today", "Today's weather for a city", "{\"type\":\"object\", ...}",
 *               (ctx, a) -> NexoPlugin.text("sunny in " + a.path("city").asText()))
 *         .onBrokerEvent((topic, event, plugin) -> plugin.publish("plugin.inbound.weather", event.path("payload")))
 *         .run(args);
 * }
 * }</pre>
 */
public final class NexoPlugin {
    /** Handles one tool call; return the result object or throw {@link ToolError}. */
    @FunctionalInterface
    public interface ToolHandler {
        JsonNode call(ToolCall call, JsonNode args) throws Exception;
    }

    /** Receives the events the host forwards ({@code plugin.outbound.<kind>...}). */
    @FunctionalInterface
    public interface EventHandler {
        void onEvent(String topic, JsonNode event, NexoPlugin plugin) throws Exception;
    }

    /** Who calls a tool. */
    public record ToolCall(String toolName, String agentId) {
    }

    /** A typed tool failure: {@code -33402} bad arguments, {@code -33404} unavailable, … */
    public static final class ToolError extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        public ToolError(int code, String message) {
            super(message);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOML_STRING = Pattern.compile("(?m)^\\s*(id|version)\\s*=\\s*\"([^\"]*)\"");

    private final String manifestText;
    private final String id;
    private final String version;
    private final Map<String, ObjectNode> toolDefs = new LinkedHashMap<>();
    private final Map<String, ToolHandler> tools = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private EventHandler events = (t, e, p) -> { };
    private OutputStream out;
    private ExecutorService workers;

    private NexoPlugin(String manifestText) {
        this.manifestText = manifestText;
        Map<String, String> found = new LinkedHashMap<>();
        Matcher m = TOML_STRING.matcher(manifestText);
        while (m.find()) {
            found.putIfAbsent(m.group(1), m.group(2));
        }
        this.id = found.get("id");
        this.version = found.getOrDefault("version", "0.0.0");
        if (id == null) {
            throw new IllegalArgumentException("the manifest has no [plugin] id");
        }
    }

    /** @param manifestToml the text of your {@code plugin.toml} */
    public static NexoPlugin fromManifest(String manifestToml) {
        return new NexoPlugin(manifestToml);
    }

    /** @return the plugin id from the manifest */
    public String id() {
        return id;
    }

    /** Declares a tool; its name must also be listed in {@code [plugin.extends] tools}. */
    public NexoPlugin tool(String name, String description, String inputSchemaJson, ToolHandler handler) {
        if (!manifestText.contains("\"" + name + "\"")) {
            throw new IllegalArgumentException("tool " + name + " is not declared in the manifest's [plugin.extends] tools");
        }
        try {
            ObjectNode def = JSON.createObjectNode().put("name", name).put("description", description);
            def.set("input_schema", JSON.readTree(inputSchemaJson));
            toolDefs.put(name, def);
        } catch (IOException e) {
            throw new IllegalArgumentException("input schema of " + name + " is not JSON", e);
        }
        tools.put(name, handler);
        return this;
    }

    /** Sets the handler for broker events the host forwards. */
    public NexoPlugin onBrokerEvent(EventHandler handler) {
        this.events = handler;
        return this;
    }

    /** Publishes an event (the host drops topics outside your manifest's allowlist). */
    public void publish(String topic, JsonNode payload) {
        ObjectNode event = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                .put("timestamp", Instant.now().toString()).put("topic", topic).put("source", id);
        event.putNull("session_id");
        event.set("payload", payload);
        ObjectNode params = JSON.createObjectNode().put("topic", topic);
        params.set("event", event);
        send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "broker.publish").set("params", params));
    }

    /** Asks the host for an agent's memories (needs {@code nexo_capabilities = ["memory"]}). */
    public CompletableFuture<JsonNode> memoryRecall(String agentId, String query, int limit) {
        return request("memory.recall", JSON.createObjectNode().put("agent_id", agentId).put("query", query).put("limit", limit));
    }

    /** Asks the host for an LLM completion (needs {@code nexo_capabilities = ["llm"]}). */
    public CompletableFuture<JsonNode> llmComplete(ObjectNode params) {
        return request("llm.complete", params);
    }

    /** A text tool result. */
    public static JsonNode text(String text) {
        ObjectNode r = JSON.createObjectNode().put("is_error", false);
        r.putArray("content").addObject().put("type", "text").put("text", text);
        return r;
    }

    /** Runs on stdin/stdout until shutdown or end of input; handles {@code --print-manifest}. */
    public void run(String... args) throws IOException {
        if (java.util.Arrays.asList(args).contains("--print-manifest")) {
            System.out.print(manifestText);
            System.out.flush();
            return;
        }
        PrintStream realOut = System.out;
        System.setOut(new PrintStream(System.err, true, StandardCharsets.UTF_8)); // stdout guard
        serve(System.in, realOut);
    }

    /** Serves one session over the given streams (what {@link #run()} does with stdin/stdout). */
    public void serve(InputStream in, OutputStream output) throws IOException {
        this.out = output;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nexo-plugin-sdk-worker");
            t.setDaemon(true);
            return t;
        });
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode msg;
                try {
                    msg = JSON.readTree(line);
                } catch (IOException e) {
                    error(null, -32700, "parse error");
                    continue;
                }
                if (msg == null || !msg.isObject()) {
                    error(null, -32600, "invalid request");
                    continue;
                }
                if (!dispatch(msg)) {
                    return;
                }
            }
        } finally {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return false after shutdown */
    private boolean dispatch(JsonNode msg) {
        JsonNode id = msg.get("id");
        String method = msg.path("method").asText(null);
        JsonNode params = msg.path("params");
        if (method == null) {
            CompletableFuture<JsonNode> f = id == null ? null : pending.remove(id.asLong());
            if (f != null) {
                if (msg.has("error")) {
                    f.completeExceptionally(new ToolError(msg.path("error").path("code").asInt(), msg.path("error").path("message").asText()));
                } else {
                    f.complete(msg.path("result"));
                }
            }
            return true;
        }
        switch (method) {
            case "initialize" -> {
                ObjectNode result = JSON.createObjectNode();
                result.putObject("manifest").putObject("plugin").put("id", this.id).put("version", version);
                result.put("server_version", this.id + "-" + version);
                ArrayNode list = result.putArray("tools");
                toolDefs.values().forEach(list::add);
                reply(id, result);
            }
            case "shutdown" -> {
                workers.shutdown();
                reply(id, JSON.createObjectNode().put("ok", true));
                return false;
            }
            case "plugin.configure" -> reply(id, JSON.createObjectNode().put("ok", true));
            case "broker.event" -> workers.execute(() -> {
                try {
                    events.onEvent(params.path("topic").asText(), params.path("event"), this);
                } catch (Exception e) {
                    System.err.println("[" + this.id + "] broker event handler failed: " + e);
                }
            });
            case "tool.invoke" -> workers.execute(() -> invoke(id, params));
            default -> {
                if (id != null && !id.isNull()) {
                    error(id, -32601, "method not found: " + method);
                }
            }
        }
        return true;
    }

    private void invoke(JsonNode id, JsonNode params) {
        String name = params.path("tool_name").asText();
        ToolHandler h = tools.get(name);
        if (h == null) {
            error(id, -33401, "unknown tool " + name);
            return;
        }
        try {
            reply(id, h.call(new ToolCall(name, params.path("agent_id").asText("")), params.path("args")));
        } catch (ToolError e) {
            error(id, e.code(), e.getMessage());
        } catch (Exception e) {
            error(id, -33403, "tool " + name + " failed: " + e.getClass().getSimpleName());
        }
    }

    private CompletableFuture<JsonNode> request(String method, ObjectNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        frame.set("params", params);
        send(frame);
        return f;
    }

    private void reply(JsonNode id, JsonNode result) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.set("result", result);
        send(frame);
    }

    private void error(JsonNode id, int code, String message) {
        ObjectNode frame = JSON.createObjectNode().put("jsonrpc", "2.0");
        frame.set("id", id);
        frame.putObject("error").put("code", code).put("message", message);
        send(frame);
    }

    /** One write per frame under a lock: frames never interleave. */
    private synchronized void send(JsonNode frame) {
        try {
            out.write((frame.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            System.err.println("[" + id + "] cannot write to the host: " + e.getMessage());
        }
    }
}

package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.mcp.client.internal.rpc.McpException;
import dev.nexo.mcp.client.internal.rpc.McpSession;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Executes a catalogue entry against its server: through the server's circuit breaker, with the
 * call timeout (or the caller's earlier deadline), mapping every failure to a typed
 * {@link ToolException}: {@code timeout} (the request is cancelled on the server),
 * {@code unavailable} (server down or circuit open, with a retry hint), {@code invalid_arguments}
 * (JSON-RPC -32602) or {@code failed}. A result with {@code isError} is a normal result the model
 * sees, not an exception.
 */
final class McpCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_RESOURCES = 200;

    private final ServerRuntime runtime;

    McpCalls(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    CompletionStage<ToolResult> invoke(CatalogEntry entry, String arguments, ToolContext context) {
        ServerSettings s = runtime.settings();
        String tool = entry.descriptor().name();
        ObjectNode args;
        try {
            JsonNode parsed = arguments == null || arguments.isBlank() ? NODES.objectNode() : JSON.readTree(arguments);
            if (!parsed.isObject()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, tool + ": arguments must be a JSON object");
            }
            args = (ObjectNode) parsed;
            if (entry.kind() == CatalogEntry.Kind.READ_RESOURCE) {
                checkScheme(s, args.path("uri").asText(""));
            }
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.INVALID_ARGUMENTS, tool + ": arguments are not JSON"));
        } catch (ToolException e) {
            return CompletableFuture.failedFuture(e);
        }
        Duration timeout = timeout(s.callTimeout(), context);
        Instant started = runtime.clock().instant();
        CircuitBreaker breaker = runtime.breaker();
        return runtime.session().thenCompose(session -> {
            if (!breaker.tryAcquire()) {
                throw new ToolException(ToolErrorCode.UNAVAILABLE, "MCP server '" + s.name() + "' is failing; its circuit is open",
                        null, breaker.retryAfter(), null);
            }
            return send(session, entry, args, context, timeout).whenComplete((r, e) -> {
                if (e == null || cause(e) instanceof McpException m && m.kind() == McpException.Kind.REMOTE) {
                    breaker.onSuccess(); // the server answered: it works, even if the call was refused
                } else {
                    breaker.onFailure();
                }
            });
        }).handle((r, e) -> {
            Duration took = Duration.between(started, runtime.clock().instant());
            if (e == null) {
                ToolResult result = convert(entry, r, s);
                runtime.metrics().call(result.isError() ? "tool_error" : "ok", took);
                return result;
            }
            ToolException te = typed(s, entry, cause(e), timeout);
            runtime.metrics().call(te.code().wireName(), took);
            throw te;
        });
    }

    private static Duration timeout(Duration callTimeout, ToolContext context) {
        Duration t = callTimeout;
        if (context != null && context.deadline().isPresent()) {
            Duration left = Duration.between(Instant.now(), context.deadline().get());
            if (left.compareTo(t) < 0) {
                t = left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
            }
        }
        return t;
    }

    private CompletableFuture<JsonNode> send(McpSession session, CatalogEntry entry, ObjectNode args, ToolContext ctx,
            Duration timeout) {
        ServerSettings s = runtime.settings();
        switch (entry.kind()) {
            case TOOL: {
                ObjectNode params = NODES.objectNode().put("name", entry.mcpName());
                params.set("arguments", args);
                if (s.passthrough() && ctx != null) {
                    ObjectNode meta = params.putObject("_meta").put("agent_id", ctx.agentId());
                    ctx.sessionId().ifPresent(id -> meta.put("session_id", id));
                }
                return session.request("tools/call", params, timeout);
            }
            case LIST_RESOURCES:
                return Catalog.pages(session, "resources/list", "resources", timeout).thenApply(list -> {
                    ObjectNode wrapped = NODES.objectNode();
                    wrapped.putArray("resources").addAll(list);
                    return wrapped;
                });
            case READ_RESOURCE: {
                return session.request("resources/read", NODES.objectNode().put("uri", args.path("uri").asText("")), timeout);
            }
            default: {
                ObjectNode params = NODES.objectNode().put("name", args.path("name").asText(""));
                params.set("arguments", args.path("arguments").isObject() ? args.get("arguments") : NODES.objectNode());
                return session.request("prompts/get", params, timeout);
            }
        }
    }

    private static void checkScheme(ServerSettings s, String uri) {
        String scheme;
        try {
            scheme = URI.create(uri).getScheme();
        } catch (IllegalArgumentException e) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "not a URI: " + uri);
        }
        if (scheme == null || (!s.uriSchemes().isEmpty() && !s.uriSchemes().contains(scheme))) {
            throw new ToolException(ToolErrorCode.DENIED, "MCP server '" + s.name() + "': URI scheme " + scheme
                    + " is not in resource_uri_allowlist " + s.uriSchemes());
        }
    }

    private static ToolResult convert(CatalogEntry entry, JsonNode r, ServerSettings s) {
        switch (entry.kind()) {
            case TOOL:
                return Results.toolResult(r);
            case LIST_RESOURCES: {
                java.util.List<JsonNode> list = new java.util.ArrayList<>();
                r.path("resources").forEach(list::add);
                return Results.resourceList(list, MAX_RESOURCES);
            }
            case READ_RESOURCE:
                return Results.resourceRead(r);
            default:
                return Results.prompt(r);
        }
    }

    private ToolException typed(ServerSettings s, CatalogEntry entry, Throwable e, Duration timeout) {
        if (e instanceof ToolException te) {
            return te;
        }
        String what = "MCP server '" + s.name() + "' (tool " + entry.descriptor().name() + ")";
        if (e instanceof McpException m) {
            switch (m.kind()) {
                case TIMEOUT:
                    return new ToolException(ToolErrorCode.TIMEOUT, what + " did not answer within " + timeout.toMillis()
                            + " ms; the request was cancelled", null, null, m);
                case REMOTE:
                    return new ToolException(m.code() == -32602 ? ToolErrorCode.INVALID_ARGUMENTS : ToolErrorCode.FAILED,
                            m.getMessage(), null, null, m);
                default:
                    return new ToolException(ToolErrorCode.UNAVAILABLE, m.getMessage(), null,
                            runtime.untilRestart().isZero() ? s.restartBase() : runtime.untilRestart(), m);
            }
        }
        return new ToolException(ToolErrorCode.FAILED, what + " failed: " + e, null, null, e);
    }

    private static Throwable cause(Throwable e) {
        Throwable c = e;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}

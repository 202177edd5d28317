package dev.nexo.mcp.server.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.event.Ids;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;

/**
 * The MCP methods, independent of the transport: {@code initialize} (version negotiation),
 * {@code ping}, {@code tools/list}, {@code tools/call}; notifications are accepted silently.
 * A call goes through, in order: visibility (not listed = {@code not_allowed}), the per-(agent,
 * tool) rate limit (-32099), the concurrency cap (-32002), the trust policy as the calling agent
 * (deny, or pend for a human), then the tool under a timeout (-32001). The concurrency permit is
 * released in a finally block whatever happens.
 */
final class McpDispatcher {
    /** Newest first; the first is offered when the client asks for a version we do not speak. */
    static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");
    private static final Logger LOG = LoggerFactory.getLogger(McpDispatcher.class);

    private final String serverName;
    private final String serverVersion;
    private final ToolCatalog catalog;
    private final TrustPolicy trust;
    private final RateLimiter rate;
    private final ConcurrencyGate gate;
    private final Duration callTimeout;
    private final Duration approvalWait;
    private final McpMetrics metrics;

    McpDispatcher(String serverName, String serverVersion, ToolCatalog catalog, TrustPolicy trust, RateLimiter rate,
            ConcurrencyGate gate, Duration callTimeout, Duration approvalWait, McpMetrics metrics) {
        this.serverName = serverName;
        this.serverVersion = serverVersion;
        this.catalog = catalog;
        this.trust = trust;
        this.rate = rate;
        this.gate = gate;
        this.callTimeout = callTimeout;
        this.approvalWait = approvalWait;
        this.metrics = metrics;
    }

    /** @return the version to answer {@code requested} with: it, when we speak it, else our newest */
    static String negotiate(String requested) {
        return requested != null && PROTOCOL_VERSIONS.contains(requested) ? requested : PROTOCOL_VERSIONS.get(0);
    }

    /** @return the {@code initialize} result for a negotiated version */
    ObjectNode initializeResult(String version) {
        ObjectNode r = Frames.JSON.createObjectNode();
        r.put("protocolVersion", version);
        r.putObject("capabilities").putObject("tools").put("listChanged", true); // on the GET event stream
        ObjectNode info = r.putObject("serverInfo");
        info.put("name", serverName);
        info.put("version", serverVersion);
        r.put("instructions", "Nexo tools under Nexo's trust policy: calls act as your agent; write tools may wait "
                + "for a human's approval (error pending_approval names it).");
        return r;
    }

    /**
     * @param req a parsed request or notification (not {@code initialize})
     * @param who the calling agent
     * @return the response, or null for a notification
     */
    ObjectNode handle(ObjectNode req, AgentPrincipal who) {
        JsonNode id = req.get("id");
        if (id == null) {
            return null; // notifications (initialized, cancelled, ...) need no answer
        }
        String method = req.path("method").asText();
        try {
            JsonNode params = req.path("params");
            switch (method) {
                case "ping":
                    return Frames.result(id, Frames.JSON.createObjectNode());
                case "tools/list":
                    return Frames.result(id, listTools(who));
                case "tools/call":
                    return Frames.result(id, call(params, who));
                case "initialize":
                    throw new RpcError(RpcError.INVALID_REQUEST, "the session is already initialized");
                default:
                    throw new RpcError(RpcError.METHOD_NOT_FOUND, "method not found: " + abbreviate(method));
            }
        } catch (RpcError e) {
            return Frames.error(id, e);
        }
    }

    ObjectNode listTools(AgentPrincipal who) {
        ObjectNode r = Frames.JSON.createObjectNode();
        ArrayNode tools = r.putArray("tools");
        for (Tool t : catalog.visible(who)) {
            ToolDescriptor d = t.descriptor();
            ObjectNode o = tools.addObject();
            o.put("name", d.name());
            o.put("description", d.description());
            o.set("inputSchema", parse(d.inputSchema()));
            ObjectNode a = o.putObject("annotations");
            a.put("readOnlyHint", d.sensitivity() == Sensitivity.READ);
            a.put("destructiveHint", d.sensitivity() != Sensitivity.READ);
        }
        return r;
    }

    ObjectNode call(JsonNode params, AgentPrincipal who) {
        long start = System.nanoTime();
        String name = params.path("name").isTextual() ? params.path("name").asText() : null;
        Optional<Tool> tool = catalog.find(name, who);
        String label = tool.isPresent() ? name : "other";
        String outcome = "error";
        try {
            if (tool.isEmpty()) {
                outcome = "not_allowed";
                throw toolError(ToolErrorCode.NOT_ALLOWED, "tool " + abbreviate(String.valueOf(name))
                        + " is not available to this agent", null);
            }
            JsonNode args = params.has("arguments") ? params.get("arguments") : Frames.JSON.createObjectNode();
            if (!args.isObject()) {
                outcome = "invalid";
                throw new RpcError(RpcError.INVALID_PARAMS, "arguments must be a JSON object");
            }
            String key = who.tenantId() + '\u0000' + who.agentId() + '\u0000' + name;
            long retryAfter = rate.acquire(key);
            if (retryAfter > 0) {
                outcome = "rate_limited";
                throw new RpcError(RpcError.RATE_LIMITED, "rate limit exceeded", Map.of("retry_after_ms", retryAfter));
            }
            ConcurrencyGate.Permit permit = acquire(key);
            if (permit == null) {
                outcome = "overloaded";
                throw new RpcError(RpcError.OVERLOADED, "too many calls in flight",
                        Map.of("max_in_flight", gate.maxInFlight(), "queue_wait_ms_exceeded", gate.queueWaitMs()));
            }
            try (permit) {
                String argsJson = args.toString();
                String correlationId = Ids.newId();
                admit(tool.get(), argsJson, who, correlationId);
                ObjectNode result = run(tool.get(), argsJson, who, correlationId);
                outcome = result.path("isError").asBoolean() ? "error" : "ok";
                return result;
            }
        } catch (RpcError e) {
            if ("error".equals(outcome) && e.data() != null && e.data().get("code") instanceof String c) {
                outcome = c;
            }
            if (!"ok".equals(outcome) && !"error".equals(outcome)) {
                metrics.denial(outcome);
            }
            throw e;
        } finally {
            metrics.call(label, outcome, System.nanoTime() - start);
        }
    }

    private ConcurrencyGate.Permit acquire(String key) {
        try {
            return gate.acquire(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcError(-32800, "request cancelled");
        }
    }

    /** The trust policy decides as the calling agent; a pending call waits or fails with pending_approval. */
    private void admit(Tool tool, String argsJson, AgentPrincipal who, String correlationId) {
        String capability = tool.descriptor().capabilityId();
        TrustDecision d = trust.check(AccessRequest.builder(who.tenantId(), who.agentId(), capability)
                .correlationId(correlationId).arguments(argsJson).build());
        if (d.outcome() == TrustDecision.Outcome.PENDING && !approvalWait.isZero()) {
            String approval = d.approvalId().orElseThrow();
            try {
                d = trust.awaitApproval(approval).toCompletableFuture().get(approvalWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw toolError(ToolErrorCode.PENDING_APPROVAL, "still waiting for a human's approval", approval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RpcError(-32800, "request cancelled");
            } catch (ExecutionException e) {
                throw toolError(ToolErrorCode.DENIED, "the approval failed", null);
            }
        }
        if (d.outcome() == TrustDecision.Outcome.PENDING) {
            throw toolError(ToolErrorCode.PENDING_APPROVAL, d.reason(), d.approvalId().orElse(null));
        }
        if (d.outcome() == TrustDecision.Outcome.DENY) {
            throw toolError(ToolErrorCode.DENIED, d.reason(), null);
        }
    }

    private ObjectNode run(Tool tool, String argsJson, AgentPrincipal who, String correlationId) {
        ToolContext ctx = ToolContext.builder(who.tenantId(), who.agentId(), correlationId)
                .deadline(Instant.now().plus(callTimeout)).build();
        CompletableFuture<ToolResult> f;
        try {
            f = tool.invoke(argsJson, ctx).toCompletableFuture();
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        try {
            return toResult(f.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new RpcError(RpcError.TIMEOUT, "tool call timed out", Map.of("timeout_ms", callTimeout.toMillis()));
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RpcError(-32800, "request cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ToolException te) {
                throw toolError(te.code(), te.getMessage(), te.approvalId().orElse(null));
            }
            LOG.warn("MCP tool {} failed for agent {} (correlation {})", tool.descriptor().name(), who.agentId(), correlationId, cause);
            throw toolError(ToolErrorCode.FAILED, "the tool failed; the server log has the details", null);
        }
    }

    private static ObjectNode toResult(ToolResult r) {
        ObjectNode o = Frames.JSON.createObjectNode();
        ObjectNode text = o.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", r.content());
        if (r.json()) {
            JsonNode structured = parse(r.content());
            if (structured.isObject()) {
                o.set("structuredContent", structured);
            }
        }
        o.put("isError", r.isError());
        return o;
    }

    /** A Nexo tool error: the plugin contract's code, {@code data.code} the snake_case name. */
    static RpcError toolError(ToolErrorCode code, String message, String approvalId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("code", code.wireName());
        if (approvalId != null) {
            data.put("approval_id", approvalId);
        }
        String prefix = code.wireName() + ": ";
        return new RpcError(code.rpcCode(), message.startsWith(prefix) ? message : prefix + message, data);
    }

    private static JsonNode parse(String json) {
        try {
            return Frames.JSON.readTree(json);
        } catch (IOException e) {
            return Frames.JSON.createObjectNode();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}

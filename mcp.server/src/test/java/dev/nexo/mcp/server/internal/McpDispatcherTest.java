package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;

class McpDispatcherTest {
    private static final AgentPrincipal CODER = new AgentPrincipal("coder", "default");
    private final Fakes.Policy trust = new Fakes.Policy();
    private final Fakes.EchoTool notes = new Fakes.EchoTool("notes_read", Sensitivity.READ);
    private final Fakes.EchoTool write = new Fakes.EchoTool("notes_write", Sensitivity.WRITE);
    private final Fakes.EchoTool recall = new Fakes.EchoTool("memory_recall", Sensitivity.READ);
    private final Fakes.EchoTool proxy = new Fakes.EchoTool("github_search", Sensitivity.WRITE);
    private final Fakes.EchoTool send = new Fakes.EchoTool("telegram_send", Sensitivity.WRITE);
    private final Fakes.EchoTool unregistered = new Fakes.EchoTool("ghost", Sensitivity.READ);
    private final AtomicLong nanos = new AtomicLong();
    private ConcurrencyGate gate = new ConcurrencyGate(2, 0);

    private McpDispatcher dispatcher(ToolCatalog.Policy policy, RateLimiter rate, Duration timeout, Duration approvalWait) {
        trust.register(notes, Provenance.FIRST_PARTY, "dev.nexo.core");
        trust.register(write, Provenance.INSTALLED_BUNDLE, "acme.notes");
        trust.register(recall, Provenance.FIRST_PARTY, "dev.nexo.memory");
        trust.register(proxy, Provenance.MCP_SERVER, "github");
        trust.register(send, Provenance.FIRST_PARTY, "dev.nexo.channel.telegram");
        ToolCatalog catalog = new ToolCatalog(trust, policy);
        List.of(notes, write, recall, proxy, send, unregistered).forEach(catalog::add);
        return new McpDispatcher("nexo", "0.1.0", catalog, trust, rate, gate, timeout, approvalWait, new McpMetrics());
    }

    private McpDispatcher dispatcher(ToolCatalog.Policy policy) {
        return dispatcher(policy, new RateLimiter(0, 1, nanos::get), Duration.ofSeconds(30), Duration.ZERO);
    }

    private static ToolCatalog.Policy open() {
        return new ToolCatalog.Policy(List.of(), List.of(), false, true, false);
    }

    private static ObjectNode request(String method, String params) {
        try {
            return (ObjectNode) Frames.JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode call(McpDispatcher d, String tool, String args) {
        return d.handle(request("tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + args + "}"), CODER);
    }

    private static List<String> names(ObjectNode listReply) {
        List<String> out = new ArrayList<>();
        listReply.path("result").path("tools").forEach(t -> out.add(t.path("name").asText()));
        return out;
    }

    @Test
    void toolsListHidesProxiesMessagingAndToolsUnknownToTheTrustPolicy() {
        ObjectNode reply = dispatcher(open()).handle(request("tools/list", "{}"), CODER);
        assertEquals(List.of("memory_recall", "notes_read", "notes_write"), names(reply));
        JsonNode first = reply.path("result").path("tools").get(1);
        assertEquals("object", first.path("inputSchema").path("type").asText());
        assertTrue(first.path("annotations").path("readOnlyHint").asBoolean());
    }

    @Test
    void exposeFlagsAllowlistAndPerAgentEntriesShapeTheList() {
        assertEquals(List.of("github_search", "memory_recall", "notes_read", "notes_write", "telegram_send"),
                names(dispatcher(new ToolCatalog.Policy(List.of(), List.of(), true, true, true)).handle(request("tools/list", "{}"), CODER)));
        assertEquals(List.of("notes_read", "notes_write"),
                names(dispatcher(new ToolCatalog.Policy(List.of("notes_*", "memory_recall"), List.of(), false, false, false))
                        .handle(request("tools/list", "{}"), CODER)));
        McpDispatcher perAgent = dispatcher(new ToolCatalog.Policy(List.of(), List.of("coder:notes_read", "other:*"), false, true, false));
        assertEquals(List.of("notes_read"), names(perAgent.handle(request("tools/list", "{}"), CODER)));
        assertEquals(List.of("memory_recall", "notes_read", "notes_write"),
                names(perAgent.handle(request("tools/list", "{}"), new AgentPrincipal("other", "default"))));
    }

    @Test
    void anAllowedCallRunsTheToolAsTheAgentAfterTheTrustCheck() {
        ObjectNode reply = call(dispatcher(open()), "notes_read", "{\"q\":\"x\"}");
        assertEquals("{\"q\":\"x\"}", reply.path("result").path("content").get(0).path("text").asText());
        assertEquals("x", reply.path("result").path("structuredContent").path("q").asText());
        assertFalse(reply.path("result").path("isError").asBoolean());
        assertEquals(1, trust.requests.size());
        assertEquals("coder", trust.requests.get(0).subjectId());
        assertEquals("tool.notes_read", trust.requests.get(0).capabilityId());
        assertEquals("coder", notes.contexts.get(0).agentId());
    }

    @Test
    void aToolThatIsNotListedGetsTheSameNotAllowedErrorAsAnUnknownOneAndNeverRuns() {
        McpDispatcher d = dispatcher(open());
        ObjectNode hidden = call(d, "github_search", "{}");
        ObjectNode unknown = call(d, "no_such_tool", "{}");
        assertEquals(ToolErrorCode.NOT_ALLOWED.rpcCode(), hidden.path("error").path("code").asInt());
        assertEquals("not_allowed", hidden.path("error").path("data").path("code").asText());
        assertEquals(hidden.path("error").path("code"), unknown.path("error").path("code"));
        assertTrue(proxy.calls.isEmpty());
        assertTrue(trust.requests.isEmpty(), "no trust decision (and no approval) for a hidden tool");
    }

    @Test
    void aPendingWriteAnswersPendingApprovalWithTheApprovalIdWhenNotWaiting() {
        trust.answers.put("tool.notes_write", TrustDecision.pending("ap-1", "write capability tool.notes_write needs a human's approval"));
        ObjectNode reply = call(dispatcher(open()), "notes_write", "{}");
        assertEquals("pending_approval", reply.path("error").path("data").path("code").asText());
        assertEquals("ap-1", reply.path("error").path("data").path("approval_id").asText());
        assertTrue(write.calls.isEmpty());
    }

    @Test
    void aPendingWriteWaitsForTheHumanWhenConfiguredAndThenRuns() {
        trust.answers.put("tool.notes_write", TrustDecision.pending("ap-2", "needs approval"));
        trust.approvals.put("ap-2", CompletableFuture.completedFuture(TrustDecision.allow("g-2")));
        ObjectNode reply = call(dispatcher(open(), new RateLimiter(0, 1, nanos::get), Duration.ofSeconds(30), Duration.ofSeconds(5)),
                "notes_write", "{\"t\":1}");
        assertEquals("{\"t\":1}", reply.path("result").path("content").get(0).path("text").asText(), reply.toString());
        trust.answers.put("tool.notes_write", TrustDecision.pending("ap-3", "needs approval"));
        trust.approvals.put("ap-3", CompletableFuture.completedFuture(TrustDecision.deny("denied by admin")));
        ObjectNode denied = call(dispatcher(open(), new RateLimiter(0, 1, nanos::get), Duration.ofSeconds(30), Duration.ofSeconds(5)),
                "notes_write", "{}");
        assertEquals("denied", denied.path("error").path("data").path("code").asText());
        assertEquals(1, write.calls.size());
    }

    @Test
    void aDenyIsATypedDeniedError() {
        trust.answers.put("tool.notes_read", TrustDecision.deny("revoked"));
        ObjectNode reply = call(dispatcher(open()), "notes_read", "{}");
        assertEquals(-33405, reply.path("error").path("code").asInt());
        assertEquals("denied", reply.path("error").path("data").path("code").asText());
    }

    @Test
    void overTheRateLimitTheCallGetsMinus32099WithRetryAfter() {
        McpDispatcher d = dispatcher(open(), new RateLimiter(2, 1, nanos::get), Duration.ofSeconds(30), Duration.ZERO);
        assertTrue(call(d, "notes_read", "{}").has("result"));
        ObjectNode limited = call(d, "notes_read", "{}");
        assertEquals(-32099, limited.path("error").path("code").asInt());
        assertEquals("rate limit exceeded", limited.path("error").path("message").asText());
        assertEquals(500, limited.path("error").path("data").path("retry_after_ms").asLong());
        assertTrue(call(d, "memory_recall", "{}").has("result"), "the bucket is per (agent, tool)");
    }

    @Test
    void overTheConcurrencyCapTheCallGetsMinus32002() throws Exception {
        gate = new ConcurrencyGate(1, 0);
        McpDispatcher d = dispatcher(open());
        try (ConcurrencyGate.Permit held = gate.acquire("default\u0000coder\u0000notes_read")) {
            ObjectNode reply = call(d, "notes_read", "{}");
            assertEquals(-32002, reply.path("error").path("code").asInt());
            assertEquals(1, reply.path("error").path("data").path("max_in_flight").asInt());
        }
        assertTrue(call(d, "notes_read", "{}").has("result"));
    }

    @Test
    void aHangingToolTimesOutWithMinus32001AndItsPermitIsReleased() {
        notes.next = new CompletableFuture<>(); // never completes
        McpDispatcher d = dispatcher(open(), new RateLimiter(0, 1, nanos::get), Duration.ofMillis(50), Duration.ZERO);
        ObjectNode reply = call(d, "notes_read", "{}");
        assertEquals(-32001, reply.path("error").path("code").asInt());
        assertEquals(50, reply.path("error").path("data").path("timeout_ms").asLong());
        assertEquals(0, gate.inFlight("default\u0000coder\u0000notes_read"));
        assertTrue(notes.next.isCancelled());
    }

    @Test
    void toolFailuresKeepTheirTypeAndPermitsAreReleasedOnErrorsToo() {
        McpDispatcher d = dispatcher(open());
        notes.next = CompletableFuture.failedFuture(new ToolException(ToolErrorCode.UNAVAILABLE, "backend down"));
        ObjectNode reply = call(d, "notes_read", "{}");
        assertEquals(ToolErrorCode.UNAVAILABLE.rpcCode(), reply.path("error").path("code").asInt());
        assertEquals("unavailable", reply.path("error").path("data").path("code").asText());
        notes.next = CompletableFuture.failedFuture(new IllegalStateException("secret detail"));
        ObjectNode failed = call(d, "notes_read", "{}");
        assertEquals("failed", failed.path("error").path("data").path("code").asText());
        assertFalse(failed.toString().contains("secret detail"), "internals stay in the log");
        notes.next = CompletableFuture.completedFuture(ToolResult.error("city not found"));
        assertTrue(call(d, "notes_read", "{}").path("result").path("isError").asBoolean());
        assertEquals(0, gate.inFlight("default\u0000coder\u0000notes_read"));
    }

    @Test
    void argumentsMustBeAnObjectAndUnknownMethodsAndNotificationsAreHandled() {
        McpDispatcher d = dispatcher(open());
        assertEquals(-32602, call(d, "notes_read", "[1]").path("error").path("code").asInt());
        assertEquals(-32601, d.handle(request("resources/list", "{}"), CODER).path("error").path("code").asInt());
        assertTrue(d.handle(request("ping", "{}"), CODER).path("result").isObject());
        ObjectNode note = request("notifications/initialized", "{}");
        note.remove("id");
        assertNull(d.handle(note, CODER));
    }

    @Test
    void versionNegotiationEchoesAKnownVersionAndOffersTheNewestOtherwise() {
        assertEquals("2025-03-26", McpDispatcher.negotiate("2025-03-26"));
        assertEquals(McpDispatcher.PROTOCOL_VERSIONS.get(0), McpDispatcher.negotiate("1999-01-01"));
        assertEquals(McpDispatcher.PROTOCOL_VERSIONS.get(0), McpDispatcher.negotiate(null));
    }
}

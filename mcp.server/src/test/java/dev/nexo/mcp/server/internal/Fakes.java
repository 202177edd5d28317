package dev.nexo.mcp.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.AccessRequest;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.api.trust.TrustDecision;
import dev.nexo.api.trust.TrustPolicy;

/** Hand-written stand-ins for the trust policy and tools; they record what they were asked. */
final class Fakes {
    private Fakes() {
    }

    /** A policy that answers from a per-capability table (default: allow) and records every request. */
    static class Policy implements TrustPolicy {
        final Map<String, Capability> caps = new ConcurrentHashMap<>();
        final Map<String, TrustDecision> answers = new ConcurrentHashMap<>();
        final Map<String, CompletableFuture<TrustDecision>> approvals = new ConcurrentHashMap<>();
        final List<AccessRequest> requests = new ArrayList<>();

        void register(Tool t, Provenance p, String owner) {
            ToolDescriptor d = t.descriptor();
            caps.put(d.capabilityId(), Capability.builder(d.capabilityId(), d.sensitivity()).providedBy(p, owner).build());
        }

        @Override
        public synchronized TrustDecision check(AccessRequest request) {
            requests.add(request);
            return answers.getOrDefault(request.capabilityId(), TrustDecision.allow("g-1"));
        }

        @Override
        public CompletionStage<TrustDecision> awaitApproval(String approvalId) {
            return approvals.computeIfAbsent(approvalId, k -> new CompletableFuture<>());
        }

        @Override
        public Optional<Capability> capability(String capabilityId) {
            return Optional.ofNullable(caps.get(capabilityId));
        }

        @Override
        public Collection<Capability> capabilities() {
            return caps.values();
        }

        @Override
        public int purgeGrants(String capabilityId, String reason) {
            return 0;
        }
    }

    /** A tool that echoes its arguments, or answers with {@link #next} when set. */
    static final class EchoTool implements Tool {
        final ToolDescriptor descriptor;
        final List<String> calls = new ArrayList<>();
        final List<ToolContext> contexts = new ArrayList<>();
        volatile CompletableFuture<ToolResult> next;

        EchoTool(String name, Sensitivity s) {
            descriptor = new ToolDescriptor(name, "the " + name + " tool", "{\"type\":\"object\"}", s);
        }

        @Override
        public ToolDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public synchronized CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
            calls.add(arguments);
            contexts.add(context);
            CompletableFuture<ToolResult> n = next;
            return n != null ? n : CompletableFuture.completedFuture(ToolResult.json(arguments));
        }
    }
}

package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.memory.Embedder;
import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemorySource;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A memory backend a plugin contributes ({@code [plugin.extends] memory_backends}), as an ordinary
 * {@link MemoryStore} service with {@link MemoryStore#BACKEND} = the backend name. The seed's
 * plugin backends are vector indexes (plugin contract §5.w: {@code memory.vector_upsert},
 * {@code memory.vector_search}, {@code memory.vector_delete}), so the host embeds text with the
 * container's {@link Embedder} and keeps every scope in its own collection
 * ({@code <tenant>/<agent>}) with the scope repeated in each record's metadata and search filter;
 * matches of another scope are dropped even if the plugin returns them. What a vector index cannot
 * do (forget by sender, export) fails with {@link MemoryErrorCode#UNAVAILABLE}. Every call that would
 * reach the plugin first passes the {@link ExtensionGate} for the scope's agent.
 */
final class PluginMemoryStore implements MemoryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(10);

    private final String pluginId;
    private final String backend;
    private final RpcChannel rpc;
    private final Supplier<Embedder> embedder;
    private final ExtensionGate gate;
    private final String capabilityId;

    PluginMemoryStore(String pluginId, String backend, RpcChannel rpc, Supplier<Embedder> embedder, ExtensionGate gate) {
        this.pluginId = pluginId;
        this.backend = backend;
        this.rpc = rpc;
        this.embedder = embedder;
        this.gate = gate;
        this.capabilityId = ExtensionGate.memoryCapability(pluginId, backend);
    }

    /** Runs {@code op} only if the operator granted this backend to the scope's agent; nothing reaches the plugin otherwise. */
    private <T> CompletionStage<T> gated(MemoryScope scope, Supplier<CompletionStage<T>> op) {
        ExtensionGate.Verdict v = gate.check(capabilityId, scope.tenantId(), scope.agentId(), null);
        if (!v.allowed()) {
            return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.UNAVAILABLE,
                    "plugin memory backend " + backend + " is not granted to agent " + scope.agentId() + ": " + v.reason(),
                    null));
        }
        return op.get();
    }

    static String collection(MemoryScope scope) {
        return scope.tenantId() + "/" + scope.agentId();
    }

    @Override
    public CompletionStage<MemoryRecord> store(MemoryScope scope, String content, List<String> tags, MemorySource source) {
        if (content == null || content.isBlank()) {
            return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.WRITE_FAILED, "content is blank", null));
        }
        MemoryRecord record = MemoryRecord.of(UUID.randomUUID().toString(), scope, content, List.copyOf(tags), Instant.now())
                .withSource(source);
        return gated(scope, () -> upsert(scope, List.of(record)).thenApply(n -> record));
    }

    private CompletionStage<Long> upsert(MemoryScope scope, List<MemoryRecord> records) {
        return embed(records.stream().map(MemoryRecord::content).toList()).thenCompose(vectors -> {
            ObjectNode params = base(scope);
            ArrayNode wire = params.putArray("records");
            for (int i = 0; i < records.size(); i++) {
                MemoryRecord r = records.get(i);
                ObjectNode w = wire.addObject().put("id", r.id()).put("content", r.content());
                ArrayNode e = w.putArray("embedding");
                for (float f : vectors.get(i)) {
                    e.add(f);
                }
                ObjectNode meta = scopeFilter(scope, w.putObject("metadata"));
                meta.put("created_at", r.createdAt().toString());
                r.tags().forEach(meta.withArray("tags")::add);
                r.source().sender().ifPresent(s -> meta.put("sender_id", s));
            }
            return call("memory.vector_upsert", params, WRITE_TIMEOUT).thenApply(res -> res.path("count").asLong(records.size()));
        });
    }

    @Override
    public CompletionStage<List<MemoryRecord>> recall(MemoryScope scope, RecallQuery query) {
        return gated(scope, () -> embed(List.of(query.text())).thenCompose(vectors -> {
            ObjectNode params = base(scope);
            ObjectNode q = params.putObject("query").put("limit", query.limit());
            ArrayNode e = q.putArray("embedding");
            for (float f : vectors.get(0)) {
                e.add(f);
            }
            scopeFilter(scope, q.putObject("filter"));
            return call("memory.vector_search", params, SEARCH_TIMEOUT).thenApply(res -> matches(scope, query, res));
        }));
    }

    private static List<MemoryRecord> matches(MemoryScope scope, RecallQuery query, JsonNode res) {
        List<MemoryRecord> out = new ArrayList<>();
        JsonNode all = res.isArray() ? res : res.path("matches");
        for (JsonNode m : all) {
            JsonNode meta = m.path("metadata");
            if (!scope.tenantId().equals(meta.path("tenant_id").asText()) || !scope.agentId().equals(meta.path("agent_id").asText())) {
                continue; // another scope's record: never handed out, whatever the plugin returned
            }
            List<String> tags = new ArrayList<>();
            meta.path("tags").forEach(t -> tags.add(t.asText()));
            if (!query.tags().isEmpty() && !tags.containsAll(query.tags())) {
                continue;
            }
            out.add(MemoryRecord.of(m.path("id").asText(), scope, m.path("content").asText(), tags, instant(meta)));
            if (out.size() == query.limit()) {
                break;
            }
        }
        return out;
    }

    @Override
    public CompletionStage<Boolean> forget(MemoryScope scope, String id) {
        ObjectNode params = base(scope);
        params.putArray("ids").add(id);
        return gated(scope, () -> call("memory.vector_delete", params, WRITE_TIMEOUT)
                .thenApply(res -> res.path("count").asLong() > 0));
    }

    /**
     * Unsupported: the seed's backend contract (§5.w) has no delete-by-filter and no listing, only
     * delete by id, so a vector index cannot find a sender's records. Deleting the memories of a
     * sender needs a bundle store (which keeps the source); the plugin is not called.
     */
    @Override
    public CompletionStage<Long> forgetBySender(MemoryScope scope, String senderId) {
        return unsupported("forget by sender");
    }

    /** Unsupported: the contract has no way to list a collection (search needs a query vector and a limit). */
    @Override
    public CompletionStage<Long> exportRecords(MemoryScope scope, Consumer<? super MemoryRecord> sink) {
        return unsupported("export");
    }

    @Override
    public CompletionStage<Long> importRecords(MemoryScope scope, List<MemoryRecord> records) {
        if (records.stream().anyMatch(r -> !r.scope().equals(scope))) {
            return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.SCOPE_VIOLATION,
                    "records of another scope", null));
        }
        return records.isEmpty() ? CompletableFuture.completedFuture(0L) : gated(scope, () -> upsert(scope, records));
    }

    private ObjectNode base(MemoryScope scope) {
        return JSON.createObjectNode().put("backend", backend).put("collection", collection(scope));
    }

    private static ObjectNode scopeFilter(MemoryScope scope, ObjectNode node) {
        return node.put("tenant_id", scope.tenantId()).put("agent_id", scope.agentId());
    }

    private CompletionStage<List<float[]>> embed(List<String> texts) {
        Embedder e = embedder.get();
        if (e == null) {
            return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.UNAVAILABLE,
                    "plugin memory backend " + backend + " needs an Embedder service (none is installed)", null));
        }
        return e.embed(texts);
    }

    private CompletionStage<JsonNode> call(String method, ObjectNode params, Duration timeout) {
        return rpc.request(method, params, timeout).handle((r, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                int rpcCode = c instanceof RpcException x ? x.code() : 0;
                if (rpcCode == -33301 && "memory.vector_search".equals(method)) {
                    return JSON.createObjectNode().putArray("matches"); // nothing stored in this scope yet
                }
                MemoryErrorCode code = switch (rpcCode) {
                    case -33302 -> MemoryErrorCode.DIMENSION_MISMATCH;
                    case -33303 -> MemoryErrorCode.RATE_LIMITED;
                    case -33304 -> MemoryErrorCode.WRITE_FAILED;
                    default -> MemoryErrorCode.UNAVAILABLE;
                };
                throw new MemoryException(code, "plugin " + pluginId + " " + method + ": " + c.getMessage(), null);
            }
            return r;
        });
    }

    private <T> CompletionStage<T> unsupported(String what) {
        return CompletableFuture.failedFuture(new MemoryException(MemoryErrorCode.UNAVAILABLE,
                what + " is not supported by plugin vector backend " + backend, null));
    }

    private static Instant instant(JsonNode meta) {
        try {
            return Instant.parse(meta.path("created_at").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}

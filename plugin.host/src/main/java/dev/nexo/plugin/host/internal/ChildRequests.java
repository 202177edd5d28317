package dev.nexo.plugin.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.memory.MemoryRecord;
import dev.nexo.api.memory.MemoryScope;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Requests a child sends to the host (plugin contract §5.2 {@code memory.recall}, §5.3
 * {@code llm.complete}). A plugin gets them only if its manifest's
 * {@code requires.nexo_capabilities} asks for {@code memory} / {@code llm}.
 */
final class ChildRequests {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String TENANT = "default";

    private final Supplier<MemoryStore> memory;
    private final Function<String, LlmProvider> llm;

    ChildRequests(Supplier<MemoryStore> memory, Function<String, LlmProvider> llm) {
        this.memory = memory;
        this.llm = llm;
    }

    CompletionStage<JsonNode> handle(PluginManifest m, String method, JsonNode params) {
        switch (method) {
            case "memory.recall":
                return needs(m, "memory").orElseGet(() -> recall(params));
            case "llm.complete":
                return needs(m, "llm").orElseGet(() -> complete(params));
            default:
                return failed(RpcException.METHOD_NOT_FOUND, "method not found: " + method);
        }
    }

    private static java.util.Optional<CompletionStage<JsonNode>> needs(PluginManifest m, String capability) {
        return m.requires().nexoCapabilities().contains(capability) ? java.util.Optional.empty()
                : java.util.Optional.of(failed(RpcException.INVALID_REQUEST, "the manifest does not request the '"
                        + capability + "' capability ([plugin.requires] nexo_capabilities)"));
    }

    private CompletionStage<JsonNode> recall(JsonNode p) {
        String agent = p.path("agent_id").asText("");
        String query = p.path("query").asText("");
        if (agent.isEmpty() || query.isEmpty()) {
            return failed(RpcException.INVALID_PARAMS, "agent_id and query are required");
        }
        MemoryStore store = memory.get();
        if (store == null) {
            return failed(RpcException.INTERNAL_ERROR, "memory is not configured");
        }
        int limit = Math.max(1, Math.min(RecallQuery.MAX_LIMIT, p.path("limit").asInt(RecallQuery.DEFAULT_LIMIT)));
        return store.recall(new MemoryScope(TENANT, agent), RecallQuery.of(query, limit)).thenApply(records -> {
            ObjectNode result = F.objectNode();
            ArrayNode entries = result.putArray("entries");
            for (MemoryRecord r : records) {
                ObjectNode e = entries.addObject().put("id", r.id()).put("agent_id", agent).put("content", r.content())
                        .put("created_at", r.createdAt().toString());
                r.tags().forEach(e.putArray("tags")::add);
                r.conceptTags().forEach(e.putArray("concept_tags")::add);
                r.memoryType().ifPresent(t -> e.put("memory_type", t));
            }
            return (JsonNode) result;
        });
    }

    private CompletionStage<JsonNode> complete(JsonNode p) {
        String providerId = p.path("provider").asText("");
        String model = p.path("model").asText("");
        if (providerId.isEmpty() || model.isEmpty() || !p.path("messages").isArray()) {
            return failed(RpcException.INVALID_PARAMS, "provider, model and messages are required");
        }
        LlmProvider provider = llm.apply(providerId);
        if (provider == null) {
            return failed(RpcException.INTERNAL_ERROR, "provider_not_found: " + providerId);
        }
        ChatRequest.Builder b = ChatRequest.builder(model);
        if (p.hasNonNull("system_prompt")) {
            b.message(ChatMessage.system(p.get("system_prompt").asText()));
        }
        for (JsonNode msg : p.path("messages")) {
            String content = msg.path("content").asText("");
            switch (msg.path("role").asText("user")) {
                case "system" -> b.message(ChatMessage.system(content));
                case "assistant" -> b.message(ChatMessage.assistant(content));
                case "user" -> b.message(ChatMessage.user(content));
                default -> {
                    return failed(RpcException.INVALID_PARAMS, "unsupported message role " + msg.path("role"));
                }
            }
        }
        b.maxTokens(p.path("max_tokens").asInt(4096));
        b.temperature(p.path("temperature").asDouble(0.7));
        return provider.chat(b.build()).thenApply(r -> {
            if (r.hasToolCalls() && r.text().isEmpty()) {
                throw new RpcException(RpcException.METHOD_NOT_FOUND, "not_implemented: tool-call replies", null);
            }
            ObjectNode result = F.objectNode().put("content", r.text()).put("finish_reason", r.finishReason().wireName());
            result.putObject("usage").put("prompt_tokens", r.usage().promptTokens())
                    .put("completion_tokens", r.usage().completionTokens());
            return (JsonNode) result;
        });
    }

    static CompletionStage<JsonNode> failed(int code, String message) {
        return CompletableFuture.failedFuture(new RpcException(code, message, null));
    }

    static List<String> capabilities() {
        return List.of("broker", "memory", "llm");
    }
}

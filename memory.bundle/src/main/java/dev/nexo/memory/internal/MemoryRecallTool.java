package dev.nexo.memory.internal;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.memory.RecallMode;
import dev.nexo.api.memory.RecallQuery;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;

/** {@code memory_recall {query, limit?, mode?}} → {@code {ok, results[{id, content, tags}]}}, no scores. */
@Component(service = Tool.class, configurationPid = MemoryConfig.PID, property = Tool.NAME + "=" + MemoryRecallTool.NAME)
public final class MemoryRecallTool implements Tool {
    static final String NAME = "memory_recall";
    static final int DEFAULT_LIMIT = 5;
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Recall facts remembered in earlier conversations that are relevant to a question.",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"minLength\":1,"
                    + "\"description\":\"what to look for\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50,"
                    + "\"default\":5},\"mode\":{\"type\":\"string\",\"enum\":[\"keyword\",\"vector\",\"hybrid\"]}},"
                    + "\"required\":[\"query\"],\"additionalProperties\":false}",
            Sensitivity.READ);

    private final MemoryStore store;
    private final RecallMode defaultMode;

    @Activate
    public MemoryRecallTool(@Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryStore store, MemoryConfig config) {
        this.store = store;
        this.defaultMode = RecallMode.valueOf(config.vector_default__recall__mode().toUpperCase(Locale.ROOT));
    }

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        CompletionStage<ToolResult> stage;
        try {
            JsonNode a = MemoryTools.args(arguments);
            String query = a.path("query").asText("");
            if (query.isBlank()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "query is required");
            }
            int limit = Math.max(1, Math.min(50, a.path("limit").asInt(DEFAULT_LIMIT)));
            RecallMode mode = a.hasNonNull("mode") ? RecallMode.valueOf(a.get("mode").asText().toUpperCase(Locale.ROOT))
                    : defaultMode;
            stage = store.recall(MemoryTools.scope(context), new RecallQuery(query, limit, mode, java.util.List.of()))
                    .thenApply(MemoryTools::results);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return MemoryTools.handle(stage);
    }
}

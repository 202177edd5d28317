package dev.nexo.memory.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;

/** {@code memory_store {content, tags?}} → {@code {ok, id}}: remembers a fact in the calling agent's memory. */
@Component(service = Tool.class, property = Tool.NAME + "=" + MemoryStoreTool.NAME)
public final class MemoryStoreTool implements Tool {
    static final String NAME = "memory_store";
    // READ: like the book, memory tools touch only the calling agent's own memory, nothing outside
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Remember a fact for later conversations. Store one self-contained fact per call.",
            "{\"type\":\"object\",\"properties\":{\"content\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":8000,"
                    + "\"description\":\"the fact to remember\"},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},"
                    + "\"maxItems\":16}},\"required\":[\"content\"],\"additionalProperties\":false}",
            Sensitivity.READ);

    private final MemoryStore store;

    /** @param store the best-ranked memory store (a better one installed later replaces it) */
    @Activate
    public MemoryStoreTool(@Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryStore store) {
        this.store = store;
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
            String content = a.path("content").asText("");
            if (content.isBlank()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "content is required");
            }
            stage = store.store(MemoryTools.scope(context), content, MemoryTools.strings(a.path("tags")),
                    MemoryTools.source(context)).thenApply(r -> ToolResult.json(
                            MemoryTools.JSON.createObjectNode().put("ok", true).put("id", r.id()).toString()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return MemoryTools.handle(stage);
    }
}

package dev.nexo.memory.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import dev.nexo.api.memory.MemoryStore;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;

/** {@code memory_forget {id}} → {@code {ok}}: deletes one of the calling agent's memories. */
@Component(service = Tool.class, property = Tool.NAME + "=" + MemoryForgetTool.NAME)
public final class MemoryForgetTool implements Tool {
    static final String NAME = "memory_forget";
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Forget a remembered fact by the id memory_recall returned for it.",
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\",\"minLength\":1}},\"required\":[\"id\"],"
                    + "\"additionalProperties\":false}",
            Sensitivity.READ);

    private final MemoryStore store;

    @Activate
    public MemoryForgetTool(@Reference(policyOption = ReferencePolicyOption.GREEDY) MemoryStore store) {
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
            String id = MemoryTools.args(arguments).path("id").asText("");
            if (id.isBlank()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "id is required");
            }
            stage = store.forget(MemoryTools.scope(context), id).thenApply(ok -> ToolResult.json(
                    MemoryTools.JSON.createObjectNode().put("ok", ok).toString()));
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return MemoryTools.handle(stage);
    }
}

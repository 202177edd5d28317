package dev.nexo.mcp.client.internal;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import java.util.concurrent.CompletionStage;

/** One tool of an MCP server, offered to agents as {@code {server}_{tool}}. */
final class McpTool implements Tool {
    private final CatalogEntry entry;
    private final McpCalls calls;

    McpTool(CatalogEntry entry, McpCalls calls) {
        this.entry = entry;
        this.calls = calls;
    }

    @Override
    public ToolDescriptor descriptor() {
        return entry.descriptor();
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return calls.invoke(entry, arguments, context);
    }

    @Override
    public String toString() {
        return "McpTool[" + entry.descriptor().name() + "]";
    }
}

package dev.nexo.mcp.client.internal;

import dev.nexo.api.tool.ToolDescriptor;

/**
 * One Nexo tool a server contributes: one of its MCP tools, or a meta-tool for its resources or
 * prompts.
 *
 * @param descriptor what agents see
 * @param kind what a call does
 * @param mcpName the MCP tool's own name (for {@link Kind#TOOL}); else empty
 */
record CatalogEntry(ToolDescriptor descriptor, Kind kind, String mcpName) {
    /** What calling the entry does. */
    enum Kind {
        /** {@code tools/call}. */
        TOOL,
        /** {@code resources/list}, paginated. */
        LIST_RESOURCES,
        /** {@code resources/read}. */
        READ_RESOURCE,
        /** {@code prompts/get}. */
        GET_PROMPT
    }
}

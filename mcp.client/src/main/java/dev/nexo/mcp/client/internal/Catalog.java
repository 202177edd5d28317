package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.mcp.client.internal.rpc.McpSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a server's part of the tool catalogue: {@code tools/list} (all pages), plus
 * {@code {server}_list_resources} / {@code {server}_read_resource} when the server has the
 * {@code resources} capability and {@code {server}_get_prompt} when it has {@code prompts}. Input
 * schemas pass through verbatim; a duplicate name keeps the first tool (with a warning).
 */
final class Catalog {
    static final int MAX_PAGES = 64;
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Catalog() {
    }

    /**
     * What a server lists, as it listed it: its capabilities, tools and prompts. This is what the
     * catalogue cache persists, so a cached listing is rebuilt with the current settings
     * ({@code read_tools} may have changed since).
     */
    record Listing(JsonNode capabilities, List<JsonNode> tools, List<JsonNode> prompts) {
        Listing {
            tools = List.copyOf(tools);
            prompts = List.copyOf(prompts);
        }
    }

    static CompletableFuture<List<CatalogEntry>> load(ServerSettings s, McpSession session, Duration timeout) {
        return list(session, timeout).thenApply(l -> build(s, l));
    }

    /** Fetches the server's listing: {@code tools/list} and {@code prompts/list} (all pages) per its capabilities. */
    static CompletableFuture<Listing> list(McpSession session, Duration timeout) {
        JsonNode caps = session.initializeResult().path("capabilities");
        CompletableFuture<List<JsonNode>> tools = caps.has("tools") ? pages(session, "tools/list", "tools", timeout)
                : CompletableFuture.completedFuture(List.of());
        return tools.thenCompose(t -> (caps.has("prompts") ? pages(session, "prompts/list", "prompts", timeout)
                : CompletableFuture.completedFuture(List.<JsonNode>of())).thenApply(p -> new Listing(caps, t, p)));
    }

    /** Builds the catalogue entries of a listing with the given settings (names, sensitivities, meta-tools). */
    static List<CatalogEntry> build(ServerSettings s, Listing listing) {
        Map<String, CatalogEntry> out = new LinkedHashMap<>();
        listing.tools().forEach(t -> addTool(s, t, out));
        addPromptTool(s, listing.prompts(), out);
        if (listing.capabilities().has("resources")) {
            addResourceTools(s, out);
        }
        return List.copyOf(out.values());
    }

    /** Follows {@code nextCursor} for at most {@value #MAX_PAGES} pages. */
    static CompletableFuture<List<JsonNode>> pages(McpSession session, String method, String field, Duration timeout) {
        return page(session, method, field, timeout, null, new ArrayList<>(), 0);
    }

    private static CompletableFuture<List<JsonNode>> page(McpSession session, String method, String field,
            Duration timeout, String cursor, List<JsonNode> acc, int n) {
        ObjectNode params = NODES.objectNode();
        if (cursor != null) {
            params.put("cursor", cursor);
        }
        return session.request(method, params, timeout).thenCompose(r -> {
            r.path(field).forEach(acc::add);
            String next = r.path("nextCursor").asText(null);
            return next == null || next.isEmpty() || n + 1 >= MAX_PAGES ? CompletableFuture.completedFuture(acc)
                    : page(session, method, field, timeout, next, acc, n + 1);
        });
    }

    private static void addTool(ServerSettings s, JsonNode t, Map<String, CatalogEntry> out) {
        String mcpName = t.path("name").asText("");
        if (mcpName.isEmpty()) {
            LOG.warn("mcp server {}: skipped a tool without a name", s.name());
            return;
        }
        String exposed = ToolNames.exposed(s.name(), mcpName);
        if (out.containsKey(exposed)) {
            LOG.warn("mcp server {}: duplicate tool {}; the first one wins", s.name(), exposed);
            return;
        }
        JsonNode schema = t.path("inputSchema");
        String description = "[mcp:" + s.name() + "] " + t.path("description").asText(t.path("title").asText(mcpName));
        Sensitivity sensitivity = s.isRead(mcpName, exposed) ? Sensitivity.READ : Sensitivity.WRITE;
        out.put(exposed, new CatalogEntry(new ToolDescriptor(exposed, description,
                schema.isObject() ? schema.toString() : "{\"type\":\"object\"}", sensitivity), CatalogEntry.Kind.TOOL, mcpName));
    }

    private static void addResourceTools(ServerSettings s, Map<String, CatalogEntry> out) {
        String list = ToolNames.exposed(s.name(), "list_resources");
        String read = ToolNames.exposed(s.name(), "read_resource");
        putMeta(s, out, new CatalogEntry(new ToolDescriptor(list, "[mcp:" + s.name() + "] Lists the resources of MCP "
                + "server " + s.name() + " (uri, name, description, mime_type).",
                "{\"type\":\"object\",\"properties\":{}}", Sensitivity.READ), CatalogEntry.Kind.LIST_RESOURCES, ""));
        putMeta(s, out, new CatalogEntry(new ToolDescriptor(read, "[mcp:" + s.name() + "] Reads one resource of MCP "
                + "server " + s.name() + " by its URI.",
                "{\"type\":\"object\",\"properties\":{\"uri\":{\"type\":\"string\"}},\"required\":[\"uri\"]}",
                Sensitivity.READ), CatalogEntry.Kind.READ_RESOURCE, ""));
    }

    private static void addPromptTool(ServerSettings s, List<JsonNode> prompts, Map<String, CatalogEntry> out) {
        if (prompts.isEmpty()) {
            return;
        }
        StringBuilder d = new StringBuilder("[mcp:" + s.name() + "] Gets a prompt template of MCP server " + s.name()
                + ", filled with the given arguments. Prompts:");
        ObjectNode schema = NODES.objectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        var names = props.putObject("name").put("type", "string").putArray("enum");
        props.putObject("arguments").put("type", "object").putObject("additionalProperties").put("type", "string");
        schema.putArray("required").add("name");
        for (JsonNode p : prompts) {
            names.add(p.path("name").asText());
            d.append(' ').append(p.path("name").asText());
            if (p.has("description")) {
                d.append(" (").append(p.path("description").asText()).append(')');
            }
            d.append(';');
        }
        putMeta(s, out, new CatalogEntry(new ToolDescriptor(ToolNames.exposed(s.name(), "get_prompt"), d.toString(),
                schema.toString(), Sensitivity.READ), CatalogEntry.Kind.GET_PROMPT, ""));
    }

    private static void putMeta(ServerSettings s, Map<String, CatalogEntry> out, CatalogEntry e) {
        if (out.putIfAbsent(e.descriptor().name(), e) != null) {
            LOG.warn("mcp server {}: a tool is named like the meta-tool {}; the tool wins", s.name(), e.descriptor().name());
        }
    }
}

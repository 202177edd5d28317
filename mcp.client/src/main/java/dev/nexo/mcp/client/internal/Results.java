package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.tool.ToolResult;
import java.util.List;

/**
 * Turns MCP results into what the model sees: text blocks as text, other blocks (image, audio,
 * embedded resources, links) as short bracketed notes, {@code structuredContent} as JSON when
 * there is no content, and {@code isError} as an error result the model can react to.
 */
final class Results {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Results() {
    }

    static ToolResult toolResult(JsonNode r) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : r.path("content")) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(block(block));
        }
        boolean isError = r.path("isError").asBoolean(false);
        if (text.length() == 0 && r.has("structuredContent")) {
            String json = r.get("structuredContent").toString();
            return isError ? ToolResult.error(json) : ToolResult.json(json);
        }
        return isError ? ToolResult.error(text.toString()) : ToolResult.text(text.toString());
    }

    private static String block(JsonNode b) {
        String type = b.path("type").asText();
        return switch (type) {
            case "text" -> b.path("text").asText();
            case "image", "audio" -> "[" + type + " " + b.path("mimeType").asText("?") + ", "
                    + b.path("data").asText().length() + " base64 characters]";
            case "resource" -> b.path("resource").has("text") ? b.path("resource").path("text").asText()
                    : "[resource " + b.path("resource").path("uri").asText() + "]";
            case "resource_link" -> "[resource link " + b.path("uri").asText() + " " + b.path("name").asText("") + "]";
            default -> b.toString();
        };
    }

    static ToolResult resourceList(List<JsonNode> resources, int max) {
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("resources");
        for (JsonNode r : resources.subList(0, Math.min(max, resources.size()))) {
            ObjectNode o = list.addObject().put("uri", r.path("uri").asText()).put("name", r.path("name").asText(""));
            if (r.has("description")) {
                o.put("description", r.path("description").asText());
            }
            if (r.has("mimeType")) {
                o.put("mime_type", r.path("mimeType").asText());
            }
        }
        out.put("truncated", resources.size() > max).put("count", list.size());
        return ToolResult.json(out.toString());
    }

    static ToolResult resourceRead(JsonNode r) {
        StringBuilder text = new StringBuilder();
        for (JsonNode c : r.path("contents")) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(c.has("text") ? c.path("text").asText()
                    : "[blob " + c.path("uri").asText() + " " + c.path("mimeType").asText("?") + ", "
                            + c.path("blob").asText().length() + " base64 characters]");
        }
        return ToolResult.text(text.toString());
    }

    static ToolResult prompt(JsonNode r) {
        StringBuilder text = new StringBuilder();
        if (r.has("description")) {
            text.append(r.path("description").asText()).append('\n');
        }
        for (JsonNode m : r.path("messages")) {
            text.append(m.path("role").asText()).append(": ").append(block(m.path("content"))).append('\n');
        }
        return ToolResult.text(text.toString().strip());
    }
}

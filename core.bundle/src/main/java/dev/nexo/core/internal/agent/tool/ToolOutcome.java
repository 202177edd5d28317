package dev.nexo.core.internal.agent.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolResult;

/**
 * What one tool call produced for the model: the tool's result, or a typed refusal/failure
 * rendered as {@code {"error":{"code":"not_allowed","message":...}}}.
 *
 * @param content the text of the tool message sent back to the LLM
 * @param error the error code, or null when the tool produced a result
 */
public record ToolOutcome(String content, ToolErrorCode error) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @return an outcome carrying the tool's own result */
    public static ToolOutcome of(ToolResult result) {
        return new ToolOutcome(result.content(), null);
    }

    /** @return an outcome for a call that did not produce a result */
    public static ToolOutcome failed(ToolErrorCode code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("error").put("code", code.wireName()).put("message", message);
        return new ToolOutcome(n.toString(), code);
    }
}

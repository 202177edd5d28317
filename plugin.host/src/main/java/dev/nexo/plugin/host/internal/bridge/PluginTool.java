package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A tool a plugin advertised, as an ordinary {@link Tool} service: agents cannot tell it from a
 * bundle's tool, and every call still passes the core's allowlist, schema and trust checks before
 * it gets here. Calls become {@code tool.invoke} requests; plugin error codes (−334xx) map to
 * {@link ToolErrorCode}s.
 */
final class PluginTool implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pluginId;
    private final String pluginToolName;
    private final ToolDescriptor descriptor;
    private final RpcChannel rpc;
    private final Duration timeout;

    PluginTool(String pluginId, String pluginToolName, ToolDescriptor descriptor, RpcChannel rpc, Duration timeout) {
        this.pluginId = pluginId;
        this.pluginToolName = pluginToolName;
        this.descriptor = descriptor;
        this.rpc = rpc;
        this.timeout = timeout;
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        ObjectNode params = JSON.createObjectNode().put("plugin_id", pluginId).put("tool_name", pluginToolName)
                .put("agent_id", context.agentId());
        try {
            params.set("args", JSON.readTree(arguments));
        } catch (IOException e) {
            throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "arguments are not JSON");
        }
        Duration limit = context.deadline().map(d -> Duration.between(Instant.now(), d)).filter(d -> !d.isNegative())
                .map(d -> d.compareTo(timeout) < 0 ? d : timeout).orElse(timeout);
        return rpc.request("tool.invoke", params, limit).handle((result, e) -> {
            if (e != null) {
                throw toolError(e);
            }
            return toResult(result);
        });
    }

    private static ToolResult toResult(JsonNode result) {
        JsonNode content = result.path("content");
        boolean error = result.path("is_error").asBoolean(false);
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode c : content) {
                if ("text".equals(c.path("type").asText())) {
                    text.append(text.length() == 0 ? "" : "\n").append(c.path("text").asText());
                }
            }
            return error ? ToolResult.error(text.toString()) : ToolResult.text(text.toString());
        }
        return error ? ToolResult.error(result.toString()) : ToolResult.json(result.toString());
    }

    private ToolException toolError(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (!(c instanceof RpcException r)) {
            return new ToolException(ToolErrorCode.FAILED, "plugin " + pluginId + ": " + c.getMessage());
        }
        ToolErrorCode code = switch (r.code()) {
            case -33401, RpcException.METHOD_NOT_FOUND -> ToolErrorCode.NOT_FOUND;
            case -33402, RpcException.INVALID_PARAMS -> ToolErrorCode.INVALID_ARGUMENTS;
            case -33404, RpcException.PLUGIN_GONE -> ToolErrorCode.UNAVAILABLE;
            case -33405 -> ToolErrorCode.DENIED;
            case RpcException.TIMEOUT -> ToolErrorCode.TIMEOUT;
            default -> ToolErrorCode.FAILED;
        };
        return new ToolException(code, "plugin " + pluginId + ": " + r.getMessage());
    }
}

package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.hook.Hook;
import dev.nexo.api.hook.HookContext;
import dev.nexo.api.hook.HookOutcome;
import dev.nexo.api.hook.HookPoint;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hook a plugin contributes ({@code [plugin.extends] hooks}, named by hook point), as an ordinary
 * {@link Hook} service. Calls become {@code hook.on_hook} requests (plugin contract §5.z) with the
 * seed's <em>continue-on-error</em> rule: a timeout, a crash, a JSON-RPC error or a malformed reply
 * is logged and counts as "continue"; only a well-formed {@code abort:true} or
 * {@code decision:"block"} blocks. Each call first passes the {@link ExtensionGate}: a hook the
 * operator has not granted for the turn's agent is not called, and the turn proceeds.
 */
final class PluginHook implements Hook {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHook.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The seed's default hook timeout: hooks sit on the message path. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String pluginId;
    private final HookPoint point;
    private final RpcChannel rpc;
    private final Duration timeout;
    private final ExtensionGate gate;
    private final String capabilityId;

    PluginHook(String pluginId, HookPoint point, RpcChannel rpc, Duration timeout, ExtensionGate gate) {
        this.pluginId = pluginId;
        this.point = point;
        this.rpc = rpc;
        this.timeout = timeout;
        this.gate = gate;
        this.capabilityId = ExtensionGate.hookCapability(pluginId, point.wireName());
    }

    @Override
    public CompletionStage<HookOutcome> onHook(HookContext context) {
        // an ungranted hook never sees the turn: the turn goes on as if the plugin had no hook here
        if (!gate.check(capabilityId, context.tenantId(), context.agentId(), context.correlationId()).allowed()) {
            return CompletableFuture.completedFuture(HookOutcome.proceed());
        }
        ObjectNode params = JSON.createObjectNode().put("plugin_id", pluginId).put("hook_name", point.wireName());
        params.set("event", event(context));
        return rpc.request("hook.on_hook", params, timeout).handle((result, e) -> {
            if (e != null) {
                LOG.warn("plugin {}: hook {} failed, continuing: {}", pluginId, point.wireName(), e.toString());
                return HookOutcome.proceed();
            }
            return outcome(result, context);
        });
    }

    static ObjectNode event(HookContext c) {
        ObjectNode e = JSON.createObjectNode().put("tenant_id", c.tenantId()).put("agent_id", c.agentId())
                .put("correlation_id", c.correlationId());
        c.sessionId().ifPresent(s -> e.put("session_id", s));
        c.message().ifPresent(m -> {
            e.put("sender", m.sender().id()).put("chat", m.chat().id()).put("body", m.text());
            ObjectNode ch = e.putObject("channel").put("kind", m.channel().kind());
            m.channel().instance().ifPresent(i -> ch.put("instance", i));
        });
        c.replyText().ifPresent(r -> e.put("reply", r));
        c.toolName().ifPresent(t -> e.put("tool_name", t));
        c.toolArguments().ifPresent(a -> e.set("args", parse(a)));
        c.toolResult().ifPresent(r -> e.put("tool_result", r));
        return e;
    }

    private HookOutcome outcome(JsonNode r, HookContext context) {
        if (!r.isObject()) {
            LOG.warn("plugin {}: hook {} answered {}, not an object; continuing", pluginId, point.wireName(), r);
            return HookOutcome.proceed();
        }
        String decision = r.path("decision").asText("");
        String reason = r.path("reason").asText("");
        if (r.path("abort").asBoolean(false) || "block".equals(decision)) {
            return HookOutcome.block(reason.isBlank() ? "blocked by plugin " + pluginId : reason,
                    r.path("do_not_reply_again").asBoolean(false));
        }
        if ("transform".equals(decision) && r.path("transformed_body").isTextual()) {
            return HookOutcome.transform(r.path("transformed_body").asText(), reason.isBlank() ? null : reason);
        }
        JsonNode override = r.path("override");
        if (override.isObject() && context.toolArguments().isPresent()) {
            JsonNode args = parse(context.toolArguments().get());
            if (args.isObject()) { // key-by-key mutation of the arguments
                ((ObjectNode) args).setAll((ObjectNode) override);
                return HookOutcome.overrideArguments(args.toString(), reason.isBlank() ? null : reason);
            }
        } else if (!override.isMissingNode() && !override.isNull()) {
            LOG.warn("plugin {}: hook {} override ignored (needs an object, at a tool point)", pluginId,
                    point.wireName());
        }
        return HookOutcome.proceed();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}

package dev.nexo.core.internal.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Topics;
import dev.nexo.api.tool.InboundContext;
import dev.nexo.api.tool.InboundKind;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.core.internal.agent.session.SessionKey;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agent-to-agent delegation over {@code agent.route.<id>} (request/reply with the caller's
 * correlation id). The caller side is the built-in {@value #TOOL} tool, allowed only towards agents
 * in the caller's {@code allowed_delegates}; the callee side runs a bindingless turn if the caller
 * is in its {@code accept_delegates_from} (both globs, empty = anyone), each caller in its own
 * session ({@code agent:<caller>}).
 */
final class Delegation {
    /** Name of the built-in delegation tool. */
    static final String TOOL = "delegate";
    private static final Logger LOG = LoggerFactory.getLogger(Delegation.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"agent_id\":{\"type\":\"string\",\"description\":\"the agent to ask\"},"
            + "\"message\":{\"type\":\"string\",\"description\":\"what to ask it\"}},"
            + "\"required\":[\"agent_id\",\"message\"],\"additionalProperties\":false}";

    private final AgentEngine engine;
    private final Broker broker;
    private final Duration timeout;

    Delegation(AgentEngine engine, Broker broker, Duration timeout) {
        this.engine = engine;
        this.broker = broker;
        this.timeout = timeout;
    }

    Tool tool() {
        ToolDescriptor descriptor = new ToolDescriptor(TOOL, "Ask another agent and get its answer.", SCHEMA,
                Sensitivity.READ);
        return new Tool() {
            @Override
            public ToolDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
                return ask(arguments, context);
            }
        };
    }

    private CompletionStage<ToolResult> ask(String arguments, ToolContext context) {
        JsonNode args;
        try {
            args = JSON.readTree(arguments);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "not JSON"));
        }
        String target = args.path("agent_id").asText();
        Optional<TurnPolicy> policy = engine.policyFor(context);
        if (policy.isEmpty() || !Topics.isToken(target) || target.equals(context.agentId())
                || !Globs.allows(policy.get().allowedDelegates(), target)) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.NOT_ALLOWED,
                    "delegation to `" + target + "` is not allowed"));
        }
        Event request = Event.builder(Topics.agentRoute(target), "agent." + context.agentId())
                .correlationId(context.correlationId())
                .payload(AgentEngine.json(Map.of("from", context.agentId(), "text", args.path("message").asText())))
                .build();
        return broker.request(request, timeout).thenApply(Delegation::result);
    }

    private static ToolResult result(Event reply) {
        try {
            JsonNode n = JSON.readTree(reply.payload());
            if (n.has("error")) {
                throw new ToolException(code(n.path("error").path("code").asText()),
                        n.path("error").path("message").asText());
            }
            return ToolResult.text(n.path("text").asText());
        } catch (IOException e) {
            throw new ToolException(ToolErrorCode.FAILED, "malformed delegation reply");
        }
    }

    private static ToolErrorCode code(String wire) {
        for (ToolErrorCode c : ToolErrorCode.values()) {
            if (c.wireName().equals(wire)) {
                return c;
            }
        }
        return ToolErrorCode.FAILED;
    }

    void onRoute(Event event) {
        if (event.replyTo().isEmpty()) {
            return;
        }
        String target = event.topic().substring(Topics.AGENT_ROUTE.length() + 1);
        String corr = event.correlationId().orElse(event.id());
        JsonNode n;
        try {
            n = JSON.readTree(event.payload());
        } catch (IOException e) {
            answer(event, "error", "invalid_arguments", "payload is not JSON");
            return;
        }
        String from = n.path("from").asText();
        Optional<AgentConfig> agent = engine.agent(target);
        if (agent.isEmpty()) {
            answer(event, "error", "not_found", "no agent `" + target + "`");
            return;
        }
        if (from.isEmpty() || !Globs.allows(agent.get().acceptDelegatesFrom(), from)) {
            LOG.info("agent {} refuses delegation from {} [{}]", target, from, corr);
            answer(event, "error", "not_allowed", "agent `" + target + "` does not accept delegation from `" + from + "`");
            return;
        }
        InboundContext inbound = new InboundContext(InboundKind.INTER_SESSION, Optional.of(from), null, null, null,
                false, Optional.ofNullable(event.sessionId().orElse(null)));
        engine.internalTurn(agent.get(), new SessionKey(target, "agent:" + from, from), n.path("text").asText(), corr,
                inbound).thenAccept(r -> {
                    if (r.kind() == TurnResult.Kind.REPLY) {
                        answer(event, "text", r.text(), null);
                    } else {
                        answer(event, "error", r.errorCode() == null ? "denied" : r.errorCode(), r.text());
                    }
                });
    }

    private void answer(Event request, String kind, String a, String b) {
        String payload = "text".equals(kind) ? AgentEngine.json(Map.of("text", a))
                : JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", a).put("message",
                        String.valueOf(b))).toString();
        broker.publish(Event.replyTo(request, "agent." + request.topic().substring(Topics.AGENT_ROUTE.length() + 1))
                .payload(payload).build());
    }
}

package dev.nexo.api.hook;

import dev.nexo.api.event.Ids;
import dev.nexo.api.event.Json;
import dev.nexo.api.message.InboundMessage;
import java.util.Objects;
import java.util.Optional;

/**
 * What a hook sees. Which optional parts are present depends on the {@link #point()}:
 * the inbound message for message points, the tool name and arguments for tool points, the tool
 * result for {@link HookPoint#AFTER_TOOL_CALL}, the reply text for {@link HookPoint#AFTER_MESSAGE}.
 */
public final class HookContext {
    private final HookPoint point;
    private final String tenantId;
    private final String agentId;
    private final String correlationId;
    private final String sessionId;
    private final InboundMessage message;
    private final String replyText;
    private final String toolName;
    private final String toolArguments;
    private final String toolResult;

    private HookContext(Builder b) {
        this.point = Objects.requireNonNull(b.point, "point");
        this.tenantId = Ids.require(b.tenantId, "tenant id");
        this.agentId = Ids.require(b.agentId, "agent id");
        this.correlationId = Ids.require(b.correlationId, "correlation id");
        this.sessionId = b.sessionId;
        this.message = b.message;
        this.replyText = b.replyText;
        this.toolName = b.toolName;
        this.toolArguments = b.toolArguments;
        this.toolResult = b.toolResult;
        boolean toolPoint = point == HookPoint.BEFORE_TOOL_CALL || point == HookPoint.AFTER_TOOL_CALL;
        if (toolPoint && (toolName == null || toolArguments == null)) {
            throw new IllegalArgumentException(point.wireName() + " needs the tool name and arguments");
        }
    }

    /**
     * @param point the hook point
     * @param tenantId the agent's tenant
     * @param agentId the agent
     * @param correlationId the turn's correlation id
     * @return a builder
     */
    public static Builder builder(HookPoint point, String tenantId, String agentId, String correlationId) {
        Builder b = new Builder();
        b.point = point;
        b.tenantId = tenantId;
        b.agentId = agentId;
        b.correlationId = correlationId;
        return b;
    }

    /** @return the hook point */
    public HookPoint point() {
        return point;
    }

    /** @return the tenant */
    public String tenantId() {
        return tenantId;
    }

    /** @return the agent */
    public String agentId() {
        return agentId;
    }

    /** @return the turn's correlation id */
    public String correlationId() {
        return correlationId;
    }

    /** @return the session, when the turn has one */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** @return the inbound message of the turn, when it came from a channel */
    public Optional<InboundMessage> message() {
        return Optional.ofNullable(message);
    }

    /** @return the reply, at {@link HookPoint#AFTER_MESSAGE} */
    public Optional<String> replyText() {
        return Optional.ofNullable(replyText);
    }

    /** @return the tool name, at tool points */
    public Optional<String> toolName() {
        return Optional.ofNullable(toolName);
    }

    /** @return the tool arguments as JSON text, at tool points */
    public Optional<String> toolArguments() {
        return Optional.ofNullable(toolArguments);
    }

    /** @return the tool's output, at {@link HookPoint#AFTER_TOOL_CALL} */
    public Optional<String> toolResult() {
        return Optional.ofNullable(toolResult);
    }

    @Override
    public String toString() {
        return "HookContext[" + point.wireName() + ", " + agentId + ", correlationId=" + correlationId + ']';
    }

    /** Collects the fields of a {@link HookContext}. */
    public static final class Builder {
        private HookPoint point;
        private String tenantId;
        private String agentId;
        private String correlationId;
        private String sessionId;
        private InboundMessage message;
        private String replyText;
        private String toolName;
        private String toolArguments;
        private String toolResult;

        private Builder() {
        }

        /** @param sessionId session, or null */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** @param message inbound message, or null */
        public Builder message(InboundMessage message) {
            this.message = message;
            return this;
        }

        /** @param replyText reply, or null */
        public Builder replyText(String replyText) {
            this.replyText = replyText;
            return this;
        }

        /**
         * @param name tool name
         * @param argumentsJson arguments as JSON text
         */
        public Builder toolCall(String name, String argumentsJson) {
            this.toolName = name;
            this.toolArguments = argumentsJson == null ? null : Json.require(argumentsJson, "tool arguments");
            return this;
        }

        /** @param result tool output, or null */
        public Builder toolResult(String result) {
            this.toolResult = result;
            return this;
        }

        /** @return the context */
        public HookContext build() {
            return new HookContext(this);
        }
    }
}

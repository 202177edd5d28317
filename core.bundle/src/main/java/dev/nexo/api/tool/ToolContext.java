package dev.nexo.api.tool;

import dev.nexo.api.event.Ids;
import java.time.Instant;
import java.util.Optional;

/**
 * Who is calling a tool and why: the typed form of the wire {@code _meta} block
 * ({@code agent_id}, {@code session_id}, {@code nexo.binding}, {@code nexo.inbound}). Binding and
 * inbound are absent on bindingless paths (delegation, heartbeat, tests); tools must tolerate that.
 */
public final class ToolContext {
    private final String tenantId;
    private final String agentId;
    private final String correlationId;
    private final String sessionId;
    private final BindingContext binding;
    private final InboundContext inbound;
    private final Instant deadline;

    private ToolContext(Builder b) {
        this.tenantId = Ids.require(b.tenantId, "tenant id");
        this.agentId = Ids.require(b.agentId, "agent id");
        this.correlationId = Ids.require(b.correlationId, "correlation id");
        this.sessionId = b.sessionId == null ? null : Ids.require(b.sessionId, "session id");
        this.binding = b.binding;
        this.inbound = b.inbound;
        this.deadline = b.deadline;
    }

    /**
     * @param tenantId the agent's tenant
     * @param agentId the calling agent
     * @param correlationId the turn's correlation id
     * @return a builder
     */
    public static Builder builder(String tenantId, String agentId, String correlationId) {
        Builder b = new Builder();
        b.tenantId = tenantId;
        b.agentId = agentId;
        b.correlationId = correlationId;
        return b;
    }

    /** @return the agent's tenant */
    public String tenantId() {
        return tenantId;
    }

    /** @return the calling agent (wire {@code _meta.agent_id}) */
    public String agentId() {
        return agentId;
    }

    /** @return the turn's correlation id; log it */
    public String correlationId() {
        return correlationId;
    }

    /** @return the conversation session (wire {@code _meta.session_id}) */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** @return the binding, absent on bindingless paths */
    public Optional<BindingContext> binding() {
        return Optional.ofNullable(binding);
    }

    /** @return the triggering message, when the producer provided it */
    public Optional<InboundContext> inbound() {
        return Optional.ofNullable(inbound);
    }

    /** @return when the caller stops waiting; finish or give up before then */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public String toString() {
        return "ToolContext[" + tenantId + '/' + agentId + ", correlationId=" + correlationId + ']';
    }

    /** Collects the fields of a {@link ToolContext}. */
    public static final class Builder {
        private String tenantId;
        private String agentId;
        private String correlationId;
        private String sessionId;
        private BindingContext binding;
        private InboundContext inbound;
        private Instant deadline;

        private Builder() {
        }

        /** @param sessionId session id, or null */
        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /** @param binding binding, or null */
        public Builder binding(BindingContext binding) {
            this.binding = binding;
            return this;
        }

        /** @param inbound inbound context, or null */
        public Builder inbound(InboundContext inbound) {
            this.inbound = inbound;
            return this;
        }

        /** @param deadline deadline, or null */
        public Builder deadline(Instant deadline) {
            this.deadline = deadline;
            return this;
        }

        /** @return the context */
        public ToolContext build() {
            return new ToolContext(this);
        }
    }
}

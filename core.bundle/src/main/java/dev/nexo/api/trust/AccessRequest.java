package dev.nexo.api.trust;

import dev.nexo.api.event.Ids;
import dev.nexo.api.event.Json;
import java.util.Optional;

/** One attempt by a subject to use a capability, as put to {@link TrustPolicy#check}. */
public final class AccessRequest {
    private final String subjectId;
    private final String tenantId;
    private final String capabilityId;
    private final String correlationId;
    private final String arguments;

    private AccessRequest(Builder b) {
        this.subjectId = Ids.require(b.subjectId, "subject id");
        this.tenantId = Ids.require(b.tenantId, "tenant id");
        this.capabilityId = CapabilityIds.require(b.capabilityId);
        this.correlationId = b.correlationId == null ? null : Ids.require(b.correlationId, "correlation id");
        this.arguments = b.arguments == null ? null : Json.require(b.arguments, "arguments");
    }

    /**
     * @param tenantId tenant the subject belongs to
     * @param subjectId the agent asking
     * @param capabilityId the capability wanted
     * @return a builder
     */
    public static Builder builder(String tenantId, String subjectId, String capabilityId) {
        Builder b = new Builder();
        b.tenantId = tenantId;
        b.subjectId = subjectId;
        b.capabilityId = capabilityId;
        return b;
    }

    /** @return the agent asking */
    public String subjectId() {
        return subjectId;
    }

    /** @return the subject's tenant */
    public String tenantId() {
        return tenantId;
    }

    /** @return the capability wanted */
    public String capabilityId() {
        return capabilityId;
    }

    /** @return correlation id of the turn, for the audit trail */
    public Optional<String> correlationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return the call's arguments as JSON text, shown to an approver and audited */
    public Optional<String> arguments() {
        return Optional.ofNullable(arguments);
    }

    @Override
    public String toString() {
        return "AccessRequest[" + tenantId + '/' + subjectId + " -> " + capabilityId + ']';
    }

    /** Collects the fields of an {@link AccessRequest}. */
    public static final class Builder {
        private String subjectId;
        private String tenantId;
        private String capabilityId;
        private String correlationId;
        private String arguments;

        private Builder() {
        }

        /** @param correlationId correlation id, or null */
        public Builder correlationId(String correlationId) {
            this.correlationId = correlationId;
            return this;
        }

        /** @param argumentsJson call arguments as JSON text, or null */
        public Builder arguments(String argumentsJson) {
            this.arguments = argumentsJson;
            return this;
        }

        /** @return the request */
        public AccessRequest build() {
            return new AccessRequest(this);
        }
    }
}

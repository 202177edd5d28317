package dev.nexo.api.trust;

import dev.nexo.api.event.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * Something an agent may be allowed to do: call a tool, send on a channel, read a secret.
 * Capabilities are declared by whoever provides them (a bundle's manifest, a plugin manifest, an
 * MCP server's tool list) and registered with the core, which decides on each use.
 */
public final class Capability {
    private final String id;
    private final Sensitivity sensitivity;
    private final String description;
    private final String requestSchema;
    private final Provenance provenance;
    private final String owner;

    private Capability(Builder b) {
        this.id = CapabilityIds.require(b.id);
        this.sensitivity = Objects.requireNonNull(b.sensitivity, "sensitivity of " + b.id);
        this.provenance = Objects.requireNonNull(b.provenance, "provenance of " + b.id);
        if (b.owner == null || b.owner.isBlank()) {
            throw new IllegalArgumentException("capability " + b.id + " needs an owner (bundle symbolic name, plugin or server id)");
        }
        this.owner = b.owner;
        this.description = b.description == null ? "" : b.description;
        this.requestSchema = b.requestSchema == null ? null : Json.require(b.requestSchema, "request schema of " + b.id);
    }

    /**
     * @param id capability id, e.g. {@code workspace.write}
     * @param sensitivity read, write or execute
     * @return a builder; provenance and owner are required too
     */
    public static Builder builder(String id, Sensitivity sensitivity) {
        Builder b = new Builder();
        b.id = id;
        b.sensitivity = sensitivity;
        return b;
    }

    /** @return the capability id */
    public String id() {
        return id;
    }

    /** @return the sensitivity */
    public Sensitivity sensitivity() {
        return sensitivity;
    }

    /** @return what the capability does, for the approver; possibly empty */
    public String description() {
        return description;
    }

    /** @return JSON Schema of the request shape, when declared */
    public Optional<String> requestSchema() {
        return Optional.ofNullable(requestSchema);
    }

    /** @return where the implementing code comes from */
    public Provenance provenance() {
        return provenance;
    }

    /** @return who provides it: a bundle symbolic name, a plugin id or an MCP server id */
    public String owner() {
        return owner;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Capability)) {
            return false;
        }
        Capability c = (Capability) o;
        return id.equals(c.id) && sensitivity == c.sensitivity && description.equals(c.description)
                && Objects.equals(requestSchema, c.requestSchema) && provenance == c.provenance && owner.equals(c.owner);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, sensitivity, owner);
    }

    @Override
    public String toString() {
        return "Capability[" + id + ", " + sensitivity.wireName() + ", " + provenance.wireName() + ':' + owner + ']';
    }

    /** Collects the fields of a {@link Capability}. */
    public static final class Builder {
        private String id;
        private Sensitivity sensitivity;
        private String description;
        private String requestSchema;
        private Provenance provenance;
        private String owner;

        private Builder() {
        }

        /** @param description what it does, for the approver */
        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** @param requestSchema JSON Schema text of the request, or null */
        public Builder requestSchema(String requestSchema) {
            this.requestSchema = requestSchema;
            return this;
        }

        /**
         * @param provenance where the code comes from
         * @param owner bundle symbolic name, plugin id or MCP server id
         */
        public Builder providedBy(Provenance provenance, String owner) {
            this.provenance = provenance;
            this.owner = owner;
            return this;
        }

        /**
         * @return the capability
         * @throws IllegalArgumentException or NullPointerException when a field is missing or malformed
         */
        public Capability build() {
            return new Capability(this);
        }
    }
}

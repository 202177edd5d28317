package dev.nexo.api.trust;

/**
 * The manifest capability namespace the core enforces with a resolver hook and service hooks.
 * A bundle requires a name with {@link RequireNexoCapability}; it resolves only when the operator
 * granted that bundle the name. Services carrying {@link #SERVICE_PROPERTY} are visible only to
 * bundles granted the named capability.
 */
public final class NexoCapabilities {
    /** The OSGi namespace of Nexo's enforced capabilities. */
    public static final String NAMESPACE = "dev.nexo.capability";
    /** Service property naming the capability a consumer must hold to see the service. */
    public static final String SERVICE_PROPERTY = "dev.nexo.capability";
    /** Read secrets (credentials of channels, LLM providers, ...). */
    public static final String SECRETS = "secrets";
    /** Send outbound messages on channels. */
    public static final String OUTBOUND_SEND = "outbound.send";
    /** Publish on broker topics the bundle does not own. */
    public static final String BROKER_PUBLISH_FOREIGN = "broker.publish.foreign";
    /** Call arbitrary hosts over the network. */
    public static final String NET_OUTBOUND = "net.outbound";

    private NexoCapabilities() {
    }
}

package dev.nexo.core.internal.agent;

import dev.nexo.api.message.InboundMessage;

/**
 * The seam for DM pairing: for bindings whose {@code pairing_policy} requires it, the router asks
 * this gate before a message reaches the agent. The runtime installs {@link ServicePairingGate},
 * backed by the trust bundle's pairing service and failing closed without it; {@link #OPEN} (admit
 * all) is only the engine's default for tests that do not install a gate.
 */
@FunctionalInterface
public interface PairingGate {
    /** Admits everything: the behaviour while no pairing service is installed. */
    PairingGate OPEN = (agentId, message) -> true;

    /**
     * @param agentId the agent the message is routed to
     * @param message the inbound message
     * @return whether the sender may reach the agent
     */
    boolean admits(String agentId, InboundMessage message);
}

package dev.nexo.core.internal.agent;

import dev.nexo.api.message.InboundMessage;

/**
 * The seam for DM pairing: for bindings whose {@code pairing_policy} requires it, the router asks
 * this gate before a message reaches the agent. The trust engineer's pairing service (auth.bundle)
 * plugs in here once it is on main; until then no gate is installed and {@link #OPEN} admits all.
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

package dev.nexo.api.tool;

import java.util.Locale;

/** Origin of the turn that led to a tool call (wire {@code _meta.nexo.inbound.kind}). */
public enum InboundKind {
    /** A real end user on a channel. */
    EXTERNAL_USER,
    /** A scheduler, heartbeat, poller or other internal trigger. */
    INTERNAL_SYSTEM,
    /** Another agent, through delegation. */
    INTER_SESSION;

    /** @return the snake_case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

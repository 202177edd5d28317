package dev.nexo.api.channel;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a channel's health.
 *
 * @param state connection state
 * @param detail operator-readable detail, empty when there is nothing to say
 * @param checkedAt when the snapshot was taken
 * @param lastInboundAt when the last inbound message arrived, if any
 * @param lastOutboundAt when the last outbound message was sent, if any
 */
public record ChannelHealth(ChannelState state, String detail, Instant checkedAt,
        Optional<Instant> lastInboundAt, Optional<Instant> lastOutboundAt) {
    /** Validates and normalises null optionals to empty and a null detail to empty text. */
    public ChannelHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(checkedAt, "checkedAt");
        detail = detail == null ? "" : detail;
        lastInboundAt = lastInboundAt == null ? Optional.empty() : lastInboundAt;
        lastOutboundAt = lastOutboundAt == null ? Optional.empty() : lastOutboundAt;
    }

    /**
     * @param state connection state
     * @param detail detail or null
     * @param checkedAt snapshot time
     * @return a snapshot without traffic timestamps
     */
    public static ChannelHealth of(ChannelState state, String detail, Instant checkedAt) {
        return new ChannelHealth(state, detail, checkedAt, Optional.empty(), Optional.empty());
    }
}

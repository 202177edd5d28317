package dev.nexo.channel.email.internal;

import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The mailbox's health as the workers report it; {@link #snapshot()} is cheap and does no I/O. */
public final class Health {
    private final Clock clock;
    private volatile ChannelState state = ChannelState.STARTING;
    private volatile String detail = "";
    private volatile Instant lastInbound;
    private volatile Instant lastOutbound;

    /** @param clock time source */
    public Health(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param newState the state
     * @param newDetail operator-readable detail, never a secret
     */
    public void state(ChannelState newState, String newDetail) {
        detail = newDetail == null ? "" : newDetail;
        state = newState;
    }

    /** @return the current state */
    public ChannelState state() {
        return state;
    }

    /** Records an inbound message. */
    public void inbound() {
        lastInbound = clock.instant();
    }

    /** Records a sent message. */
    public void outbound() {
        lastOutbound = clock.instant();
    }

    /** @return the snapshot for {@code Channel.health()} */
    public ChannelHealth snapshot() {
        return new ChannelHealth(state, detail, clock.instant(), Optional.ofNullable(lastInbound),
                Optional.ofNullable(lastOutbound));
    }
}

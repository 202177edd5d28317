package dev.nexo.channel.telegram.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.fault.CircuitBreaker;

/** Counters and timestamps of one bot, read by {@code Channel.health()} and the metrics; lock-free. */
final class BotHealth {
    private final Clock clock;
    private final String mode;
    private volatile ChannelState state = ChannelState.STARTING;
    private volatile Instant lastPollOk;
    private volatile Instant lastInbound;
    private volatile Instant lastOutbound;
    private volatile String lastError = "";
    final AtomicLong updates = new AtomicLong();
    final AtomicLong inbound = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    BotHealth(Clock clock, String mode) {
        this.clock = clock;
        this.mode = mode;
    }

    void connected() {
        state = ChannelState.CONNECTED;
    }

    void pollOk() {
        lastPollOk = clock.instant();
        state = ChannelState.CONNECTED;
    }

    void inbound() {
        lastInbound = clock.instant();
        inbound.incrementAndGet();
    }

    void sent() {
        lastOutbound = clock.instant();
        sent.incrementAndGet();
    }

    /** Records an error; {@code state} is the state it leaves the bot in. */
    void error(ChannelState newState, String what) {
        errors.incrementAndGet();
        lastError = what;
        state = newState;
    }

    void stopped() {
        state = ChannelState.STOPPED;
    }

    ChannelState state() {
        return state;
    }

    Optional<Instant> lastPollOk() {
        return Optional.ofNullable(lastPollOk);
    }

    ChannelHealth snapshot(CircuitBreaker breaker) {
        StringBuilder d = new StringBuilder("mode=").append(mode);
        if (lastPollOk != null) {
            d.append(" last_poll=").append(lastPollOk);
        }
        d.append(" errors=").append(errors.get()).append(" breaker=").append(breaker.state().wireName());
        if (!lastError.isEmpty()) {
            d.append(" last_error=").append(lastError);
        }
        return new ChannelHealth(state, d.toString(), clock.instant(), Optional.ofNullable(lastInbound),
                Optional.ofNullable(lastOutbound));
    }
}

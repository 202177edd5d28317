package dev.nexo.channel.telegram.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Send pacing for one bot: at most one message per {@code perChat} to a chat and at most
 * {@code perSecond} messages overall. {@link #reserve} books the next free slot and returns how long
 * to wait for it, so concurrent senders queue up instead of all hitting Telegram's 429. A 429 with
 * {@code retry_after} pushes the chat's next slot out by that much ({@link #backOff}).
 */
final class Pacer {
    private final Clock clock;
    private final Duration perChat;
    private final Duration globalGap;
    private final Map<String, Instant> nextForChat = new HashMap<>();
    private Instant nextGlobal = Instant.MIN;

    Pacer(Clock clock, Duration perChat, int perSecond) {
        this.clock = clock;
        this.perChat = perChat;
        this.globalGap = Duration.ofNanos(1_000_000_000L / perSecond);
    }

    /** @return the wait before sending to {@code chat}; the slot is booked */
    synchronized Duration reserve(String chat) {
        Instant now = clock.instant();
        Instant slot = max(now, max(nextGlobal, nextForChat.getOrDefault(chat, Instant.MIN)));
        nextGlobal = slot.plus(globalGap);
        nextForChat.put(chat, slot.plus(perChat));
        if (nextForChat.size() > 10_000) {
            nextForChat.values().removeIf(t -> t.isBefore(now));
        }
        return Duration.between(now, slot);
    }

    /** Telegram asked us to wait: no message to {@code chat} before {@code retryAfter} from now. */
    synchronized void backOff(String chat, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        nextForChat.merge(chat, until, Pacer::max);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}

package dev.nexo.channel.telegram.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Shows "typing…" in a chat while an agent works on a message there: {@code sendChatAction} every
 * 4 s (Telegram shows it for 5 s) from when the message was accepted until the first reply to that
 * chat is sent or {@code bridge_timeout_ms} passes. Failures are ignored: it is cosmetic.
 */
final class TypingIndicator {
    static final Duration REPEAT = Duration.ofSeconds(4);

    private final BotApi api;
    private final ScheduledExecutorService timer;
    private final Duration max;
    private final Clock clock;
    private final Map<String, Entry> active = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile Instant until;
        volatile ScheduledFuture<?> task;
    }

    TypingIndicator(BotApi api, ScheduledExecutorService timer, Duration max, Clock clock) {
        this.api = api;
        this.timer = timer;
        this.max = max;
        this.clock = clock;
    }

    /** Starts (or extends) the indicator in {@code chat}. */
    void start(String chat) {
        Entry e = active.computeIfAbsent(chat, c -> new Entry());
        e.until = clock.instant().plus(max);
        synchronized (e) {
            if (e.task == null) {
                e.task = timer.scheduleAtFixedRate(() -> tick(chat, e), 0, REPEAT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops the indicator in {@code chat}, e.g. because the reply is going out. */
    void stop(String chat) {
        Entry e = active.remove(chat);
        if (e != null) {
            synchronized (e) {
                if (e.task != null) {
                    e.task.cancel(false);
                }
            }
        }
    }

    /** @return whether the indicator runs in {@code chat} */
    boolean isActive(String chat) {
        return active.containsKey(chat);
    }

    private void tick(String chat, Entry e) {
        if (clock.instant().isAfter(e.until)) {
            active.remove(chat, e);
            e.task.cancel(false);
            return;
        }
        ObjectNode p = BotApi.params().put("action", "typing");
        p.set("chat_id", Outbox.chatId(chat));
        api.call("sendChatAction", p).exceptionally(err -> null);
    }

    void close() {
        active.keySet().forEach(this::stop);
    }
}

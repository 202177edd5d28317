package dev.nexo.channel.whatsapp.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import dev.nexo.api.message.InboundMessage;

/**
 * The per-message reply deadline ({@code bridge.response_timeout_ms}): every published inbound
 * message starts a timer; any send to that chat cancels the chat's timers; a timer that fires
 * reports the message and how long it waited. Thread-safe.
 */
final class ReplyDeadline {
    /** Schedules a task; returns a handle that cancels it. */
    @FunctionalInterface
    interface Timer {
        Runnable schedule(Duration delay, Runnable task);
    }

    private final Duration timeout;
    private final Timer timer;
    private final BiConsumer<InboundMessage, Duration> onTimeout;
    private final Map<String, List<Runnable>> pending = new HashMap<>();

    ReplyDeadline(Duration timeout, Timer timer, BiConsumer<InboundMessage, Duration> onTimeout) {
        this.timeout = timeout;
        this.timer = timer;
        this.onTimeout = onTimeout;
    }

    void started(InboundMessage m) {
        if (timeout.isZero() || timeout.isNegative()) {
            return;
        }
        String chat = Acl.normalise(m.chat().id());
        Runnable[] cancel = new Runnable[1];
        Runnable task = () -> {
            synchronized (this) {
                List<Runnable> list = pending.get(chat);
                if (list == null || !list.remove(cancel[0])) {
                    return; // answered meanwhile
                }
            }
            onTimeout.accept(m, timeout);
        };
        synchronized (this) {
            cancel[0] = timer.schedule(timeout, task);
            pending.computeIfAbsent(chat, c -> new ArrayList<>()).add(cancel[0]);
        }
    }

    /** A message went out to this chat: its pending deadlines are met. */
    void answered(String recipient) {
        List<Runnable> cancels;
        synchronized (this) {
            cancels = pending.remove(Acl.normalise(recipient));
        }
        if (cancels != null) {
            cancels.forEach(Runnable::run);
        }
    }

    synchronized int pending() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    synchronized void clear() {
        pending.values().forEach(l -> l.forEach(Runnable::run));
        pending.clear();
    }
}

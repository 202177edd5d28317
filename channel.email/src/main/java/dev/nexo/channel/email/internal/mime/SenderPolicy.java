package dev.nexo.channel.email.internal.mime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account-level sender checks: deny list, allow list (addresses or {@code @domain}; empty
 * allows everyone) and a per-sender hourly rate limit over a sliding window. Pairing of unknown
 * senders is not done here: the core's router applies it per binding.
 */
public final class SenderPolicy {
    private static final Duration WINDOW = Duration.ofHours(1);
    private final List<String> allow;
    private final List<String> deny;
    private final int perHour;
    private final Clock clock;
    private final Map<String, Deque<Instant>> seen = new ConcurrentHashMap<>();

    /**
     * @param allow allowed senders, empty for all
     * @param deny denied senders
     * @param perHour messages accepted per sender per hour; 0 for no limit
     * @param clock time source
     */
    public SenderPolicy(List<String> allow, List<String> deny, int perHour, Clock clock) {
        this.allow = allow.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        this.deny = deny.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
        this.perHour = perHour;
        this.clock = clock;
    }

    /**
     * @param address sender address
     * @return whether the account accepts mail from it at all
     */
    public boolean allowed(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        if (matches(deny, a)) {
            return false;
        }
        return allow.isEmpty() || matches(allow, a);
    }

    /**
     * Counts one message from the sender.
     *
     * @param address sender address
     * @return false when the sender is over the hourly limit (the message is not counted then)
     */
    public boolean tryAcquire(String address) {
        if (perHour <= 0) {
            return true;
        }
        Instant now = clock.instant();
        Deque<Instant> times = seen.computeIfAbsent(address.toLowerCase(Locale.ROOT), k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(WINDOW))) {
                times.pollFirst();
            }
            if (times.size() >= perHour) {
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    private static boolean matches(List<String> patterns, String address) {
        for (String p : patterns) {
            if (p.startsWith("@") ? address.endsWith(p) : address.equals(p)) {
                return true;
            }
        }
        return false;
    }
}

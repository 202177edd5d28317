package dev.nexo.mcp.server.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code maxInFlight} calls per (agent, tool) at once; a caller over the cap waits up to
 * {@code queueWaitMs} (0 = refuse at once) and is then refused. Every permit handed out must be
 * given back exactly once with {@link Permit#close()}; {@link #inFlight} lets tests prove it.
 */
final class ConcurrencyGate {
    private final int maxInFlight;
    private final long queueWaitMs;
    private final Map<String, Semaphore> semaphores = new ConcurrentHashMap<>();

    ConcurrencyGate(int maxInFlight, long queueWaitMs) {
        this.maxInFlight = Math.max(1, maxInFlight);
        this.queueWaitMs = Math.max(0, queueWaitMs);
    }

    /** A held slot; closing it twice releases once. */
    final class Permit implements AutoCloseable {
        private final Semaphore semaphore;
        private boolean released;

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                semaphore.release();
            }
        }
    }

    /** @return a permit, or null when the cap is still reached after the queue wait */
    Permit acquire(String key) throws InterruptedException {
        Semaphore s = semaphores.computeIfAbsent(key, k -> new Semaphore(maxInFlight, true));
        boolean got = queueWaitMs == 0 ? s.tryAcquire() : s.tryAcquire(queueWaitMs, TimeUnit.MILLISECONDS);
        return got ? new Permit(s) : null;
    }

    int maxInFlight() {
        return maxInFlight;
    }

    long queueWaitMs() {
        return queueWaitMs;
    }

    /** @return calls holding a permit for {@code key} now */
    int inFlight(String key) {
        Semaphore s = semaphores.get(key);
        return s == null ? 0 : maxInFlight - s.availablePermits();
    }
}

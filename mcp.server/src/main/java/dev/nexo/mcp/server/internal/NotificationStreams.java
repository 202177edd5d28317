package dev.nexo.mcp.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.trust.AgentPrincipal;

/**
 * The server-initiated event streams of Streamable HTTP ({@code GET /mcp}, MCP 2025-03-26 and
 * later): at most one per session and {@value #MAX_STREAMS} in all. A stream sends
 * {@code notifications/tools/list_changed} when the tools its agent may see change (checked shortly
 * after a tool comes or goes, and on every keep-alive tick, since the trust policy may learn a
 * tool's capability later), and a keep-alive comment when idle. It ends when the session ends
 * ({@code DELETE}, expiry), when the component stops ({@link #closeAll()}) or when the client goes
 * away (a write fails). An open stream counts as session activity.
 *
 * <p><b>Resuming.</b> Every notification carries an SSE {@code id}, counting per session. The
 * session remembers the last id sent and the tool list it announced; a new stream for the session
 * (with {@code Last-Event-ID}, or without after an earlier stream) starts with one
 * {@code list_changed} when the client missed a notification or the list changed while no stream
 * was open. The notification says only "list again", so one stands for any number missed.
 *
 * <p>A stream runs on the request thread that opened it (the admin HTTP filter chain is
 * synchronous); that is why streams are capped, and why {@link #closeAll()} waits for them to end.
 */
final class NotificationStreams {
    /** The most streams open at once; more are refused with 503. */
    static final int MAX_STREAMS = 32;
    static final String LIST_CHANGED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationStreams.class);
    private static final Object CHECK = new Object();
    private static final Object CLOSE = new Object();

    /** Why a stream was not opened. */
    enum Refusal {
        /** The session has a stream already (409). */
        ALREADY_OPEN,
        /** {@value #MAX_STREAMS} streams are open (503). */
        FULL
    }

    private final Map<String, Stream> bySession = new ConcurrentHashMap<>();
    /** Per session that has had a stream: the last notification's id and what the client was told. */
    private final Map<String, Notified> notified = new ConcurrentHashMap<>();
    private final Function<AgentPrincipal, List<String>> visible;
    private final Sessions sessions;
    private final ScheduledExecutorService scheduler;
    private final Duration keepAlive;
    private final Duration debounce;
    private final AtomicBoolean checkPending = new AtomicBoolean();
    private volatile boolean closed;

    /**
     * @param visible the tool names an agent may see, sorted
     * @param scheduler runs the debounced check after a tool change
     */
    NotificationStreams(Function<AgentPrincipal, List<String>> visible, Sessions sessions, ScheduledExecutorService scheduler,
            Duration keepAlive, Duration debounce) {
        this.visible = visible;
        this.sessions = sessions;
        this.scheduler = scheduler;
        this.keepAlive = keepAlive;
        this.debounce = debounce;
    }

    /** What a session's streams have told its client: the last event id (0: none) and the tool list then. */
    private record Notified(AgentPrincipal principal, long lastId, List<String> tools) {
    }

    /** One open stream. */
    final class Stream {
        private final Sessions.Session session;
        private final String lastEventId;
        private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        private final CountDownLatch done = new CountDownLatch(1);

        private Stream(Sessions.Session session, String lastEventId) {
            this.session = session;
            this.lastEventId = lastEventId;
        }

        /** @return whether the client missed a notification, or the list changed while it had no stream */
        private boolean missedSomething(Notified before, List<String> now) {
            if (before == null) {
                return false; // the session's first stream: the client lists the tools itself
            }
            boolean missedEvent = lastEventId != null && !lastEventId.trim().equals(Long.toString(before.lastId()));
            return missedEvent || !before.tools().equals(now);
        }

        private void listChanged(OutputStream out, List<String> now) throws IOException {
            Notified before = notified.get(session.id());
            long id = (before == null ? 0 : before.lastId()) + 1;
            out.write(("id: " + id + "\nevent: message\ndata: " + LIST_CHANGED + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            notified.put(session.id(), new Notified(session.principal(), id, now));
        }

        /**
         * Serves the stream on the calling (request) thread until it ends.
         *
         * @param out the response body, headers already committed
         */
        void serve(OutputStream out) {
            try {
                List<String> seen = visible.apply(session.principal());
                out.write(": nexo mcp notifications\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Notified before = notified.get(session.id());
                if (missedSomething(before, seen)) {
                    listChanged(out, seen);
                } else {
                    notified.put(session.id(), new Notified(session.principal(), before == null ? 0 : before.lastId(), seen));
                }
                while (!closed) {
                    Object signal = signals.poll(keepAlive.toMillis(), TimeUnit.MILLISECONDS);
                    if (signal == CLOSE || closed || sessions.find(session.id(), session.principal()).isEmpty()) {
                        break;
                    }
                    List<String> now = visible.apply(session.principal());
                    if (!now.equals(seen)) {
                        seen = now;
                        listChanged(out, now);
                    } else if (signal == null) {
                        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                LOG.debug("MCP notification stream of session {} ended by the client: {}", session.id(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                bySession.remove(session.id(), this);
                done.countDown();
            }
        }

        private void signal(Object s) {
            signals.offer(s);
        }
    }

    /**
     * @param lastEventId the client's {@code Last-Event-ID}, or null
     * @return the new stream of {@code session}, or why none
     */
    Result open(Sessions.Session session, String lastEventId) {
        if (closed) {
            return new Result(null, Refusal.FULL);
        }
        // forget what expired sessions were told (ended ones are forgotten in end())
        notified.entrySet().removeIf(e -> sessions.find(e.getKey(), e.getValue().principal()).isEmpty());
        synchronized (bySession) {
            if (bySession.containsKey(session.id())) {
                return new Result(null, Refusal.ALREADY_OPEN);
            }
            if (bySession.size() >= MAX_STREAMS) {
                return new Result(null, Refusal.FULL);
            }
            Stream s = new Stream(session, lastEventId);
            bySession.put(session.id(), s);
            return new Result(s, null);
        }
    }

    /** What {@link #open} gives: a stream or a refusal. */
    record Result(Stream stream, Refusal refusal) {
    }

    /** The exposed tool set may have changed: every stream checks its agent's view after the debounce. */
    void toolsChanged() {
        if (closed || bySession.isEmpty() || !checkPending.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                checkPending.set(false);
                bySession.values().forEach(s -> s.signal(CHECK));
            }, debounce.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            checkPending.set(false); // stopping
        }
    }

    /** Ends the stream of a session that ended. */
    void end(String sessionId) {
        if (sessionId != null) {
            notified.remove(sessionId);
        }
        Stream s = sessionId == null ? null : bySession.get(sessionId);
        if (s != null) {
            s.signal(CLOSE);
        }
    }

    int size() {
        return bySession.size();
    }

    /** Ends every stream and waits (bounded) until their request threads have left this bundle's code. */
    void closeAll(Duration wait) {
        closed = true;
        List<Stream> open = List.copyOf(bySession.values());
        open.forEach(s -> s.signal(CLOSE));
        long end = System.nanoTime() + wait.toNanos();
        for (Stream s : open) {
            try {
                if (!s.done.await(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("MCP notification stream of session {} did not end in time", s.session.id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

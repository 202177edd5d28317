package dev.nexo.mcp.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.mcp.client.internal.rpc.McpException;
import dev.nexo.mcp.client.internal.rpc.McpSession;
import dev.nexo.mcp.client.internal.transport.HttpTransport;
import dev.nexo.mcp.client.internal.transport.StdioTransport;
import dev.nexo.mcp.client.internal.transport.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one configured MCP server. Lazily (the default) it is not started at all while a listing of
 * its tools is cached under the state root ({@link CatalogCache}): the cached tools are offered and
 * the first call starts the server; without a cached listing it is started once to list its tools,
 * which are cached, and stopped again. Eagerly it is connected (spawned) in the background at once.
 * Either way it publishes its catalogue as tools, refreshes the catalogue on {@code notifications/tools/list_changed} (debounced),
 * withdraws every tool when the server goes down and restarts it with exponential
 * {@link Backoff}, stops it after an idle period (tools stay; the next call starts it again), and
 * puts every call through a per-server {@link CircuitBreaker}.
 *
 * <p>All state changes run on the runtime's one scheduler thread, so transitions need no locks;
 * readers see volatile snapshots.
 */
final class ServerRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ServerRuntime.class);

    private final ServerSettings settings;
    private final Function<ServerSettings, Transport> transports;
    private final ToolPublisher publisher;
    private final ClientMetrics metrics;
    private final Clock clock;
    private final String clientVersion;
    private final ScheduledExecutorService scheduler;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final Map<String, Published> published = new LinkedHashMap<>();
    private final McpCalls calls;
    private final CatalogCache cache;

    private volatile ServerState state = ServerState.STARTING;
    private volatile McpSession session;
    private volatile Transport transport;
    private volatile String lastError;
    private volatile int restarts;
    private volatile Instant nextAttempt;
    private volatile Instant lastUsed;
    private volatile List<String> toolNames = List.of();
    private volatile CompletableFuture<McpSession> ready = new CompletableFuture<>();
    private int attempt;
    private Duration lastDelay;
    private ScheduledFuture<?> refresh;
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> idleCheck;
    private volatile boolean stopped;
    /** Lazy start without a cached listing: stop again once the tools are listed. */
    private volatile boolean discoverOnly;

    private record Published(CatalogEntry entry, AutoCloseable registration) {
    }

    ServerRuntime(ServerSettings settings, Function<ServerSettings, Transport> transports, ToolPublisher publisher,
            ClientMetrics metrics, Clock clock, String clientVersion) {
        this(settings, transports, publisher, metrics, clock, clientVersion, CatalogCache.none());
    }

    ServerRuntime(ServerSettings settings, Function<ServerSettings, Transport> transports, ToolPublisher publisher,
            ClientMetrics metrics, Clock clock, String clientVersion, CatalogCache cache) {
        this.settings = settings;
        this.cache = cache;
        this.transports = transports;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.clientVersion = clientVersion;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nexo-mcp-" + settings.name());
            t.setDaemon(true);
            return t;
        });
        this.breaker = new CircuitBreaker("mcp." + settings.name(), CircuitBreaker.Settings.DEFAULTS, clock,
                (name, from, to) -> LOG.warn("mcp server {}: circuit {} -> {}", settings.name(), from.wireName(), to.wireName()));
        this.backoff = Backoff.exponential(settings.restartBase(), settings.restartCap());
        this.calls = new McpCalls(this);
        this.lastUsed = clock.instant();
    }

    /** The default transports: a child process for stdio, the JDK HTTP client for http. */
    static Transport defaultTransport(ServerSettings s) {
        return s.stdio() ? new StdioTransport(s.name(), s.command(), s.env(), s.cwd(), s.shutdownGrace())
                : new HttpTransport(s.name(), s.url(), s.headers(), s.connectTimeout());
    }

    /**
     * Starts the server's lifecycle; never blocks. Eager: connects in the background. Lazy with a
     * cached listing: offers the cached tools and leaves the server idle until a call. Lazy without
     * one: connects in the background to list the tools, then stops the server again.
     */
    void start() {
        metrics.upGauge(() -> state == ServerState.READY || state == ServerState.IDLE);
        scheduler.execute(() -> {
            if (settings.eager()) {
                connect();
                return;
            }
            var cached = cache.read(settings.targetDigest());
            if (cached.isEmpty()) {
                LOG.info("mcp server {}: no cached tool list; starting it once to list its tools", settings.name());
                discoverOnly = true;
                connect();
                return;
            }
            publish(Catalog.build(settings, cached.get()));
            state = ServerState.IDLE;
            LOG.info("mcp server {}: {} tool(s) offered from the cached list; not started until a call: {}",
                    settings.name(), toolNames.size(), toolNames);
        });
        if (!settings.idleStop().isZero()) {
            long every = Math.max(100, Math.min(60_000, settings.idleStop().toMillis() / 2));
            idleCheck = scheduler.scheduleWithFixedDelay(this::stopIfIdle, every, every, TimeUnit.MILLISECONDS);
        }
    }

    ServerSettings settings() {
        return settings;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    ClientMetrics metrics() {
        return metrics;
    }

    Clock clock() {
        return clock;
    }

    ServerState state() {
        return state;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        state = ServerState.STARTING;
        AtomicReference<McpSession> self = new AtomicReference<>();
        Transport t;
        try {
            t = transports.apply(settings);
        } catch (RuntimeException e) {
            scheduleRestart("cannot create the transport: " + e.getMessage());
            return;
        }
        McpSession s = new McpSession(settings.name(), t, scheduler, this::onNotification,
                reason -> scheduler.execute(() -> down(self.get(), reason)));
        self.set(s);
        session = s;
        transport = t;
        s.open(clientVersion, settings.connectTimeout())
                .thenCompose(init -> Catalog.list(s, settings.connectTimeout()))
                .whenComplete((listing, e) -> scheduler.execute(() -> {
                    if (e != null) {
                        down(s, message(e));
                    } else {
                        up(s, listing);
                    }
                }));
    }

    private void up(McpSession s, Catalog.Listing listing) {
        if (s != session || stopped) {
            return;
        }
        List<CatalogEntry> catalog = Catalog.build(settings, listing);
        cache.write(settings.targetDigest(), listing);
        state = ServerState.READY;
        attempt = 0;
        lastDelay = null;
        nextAttempt = null;
        lastError = null;
        lastUsed = clock.instant();
        publish(catalog);
        JsonNode info = s.initializeResult().path("serverInfo");
        LOG.info("mcp server {}: ready ({} {}), {} tool(s): {}", settings.name(), info.path("name").asText("?"),
                info.path("version").asText(""), catalog.size(), toolNames);
        if (discoverOnly) {
            discoverOnly = false;
            if (s.inFlight() == 0) { // listed and cached: back to idle until the first call
                session = null;
                state = ServerState.IDLE;
                LOG.info("mcp server {}: tools listed and cached; stopped until the first call", settings.name());
                s.close();
                return;
            }
        }
        CompletableFuture<McpSession> r = ready;
        r.complete(s);
    }

    private void down(McpSession s, String reason) {
        if (s == null || s != session || stopped) {
            return;
        }
        session = null;
        s.close();
        scheduleRestart(reason);
    }

    private void scheduleRestart(String reason) {
        withdrawAll();
        lastError = reason;
        attempt++;
        Duration delay = backoff.delay(attempt, lastDelay);
        lastDelay = delay;
        nextAttempt = clock.instant().plus(delay);
        state = ServerState.RESTARTING;
        restarts++;
        metrics.restart();
        CompletableFuture<McpSession> r = ready;
        ready = new CompletableFuture<>();
        r.completeExceptionally(new McpException(McpException.Kind.CLOSED, 0, "mcp server " + settings.name() + " is down: " + reason, null));
        LOG.warn("mcp server {}: down ({}); its tools are withdrawn; restart {} in {} ms", settings.name(), reason,
                attempt, delay.toMillis());
        reconnect = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopIfIdle() {
        McpSession s = session;
        if (state != ServerState.READY || s == null || s.inFlight() > 0
                || Duration.between(lastUsed, clock.instant()).compareTo(settings.idleStop()) < 0) {
            return;
        }
        session = null;
        state = ServerState.IDLE;
        ready = new CompletableFuture<>();
        LOG.info("mcp server {}: unused for {}; stopped until the next call (its tools stay offered)",
                settings.name(), settings.idleStop());
        s.close();
    }

    private void onNotification(String method, JsonNode params) {
        switch (method) {
            case "notifications/tools/list_changed", "notifications/prompts/list_changed",
                    "notifications/resources/list_changed" -> scheduler.execute(this::scheduleRefresh);
            case "notifications/message" -> LOG.debug("mcp server {} log: {}", settings.name(), params);
            default -> LOG.debug("mcp server {}: notification {}", settings.name(), method);
        }
    }

    private void scheduleRefresh() {
        if (refresh != null) {
            refresh.cancel(false);
        }
        refresh = scheduler.schedule(this::refresh, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        McpSession s = session;
        if (state != ServerState.READY || s == null) {
            return;
        }
        Catalog.list(s, settings.connectTimeout()).whenComplete((listing, e) -> scheduler.execute(() -> {
            if (s != session || stopped) {
                return;
            }
            if (e != null) {
                LOG.warn("mcp server {}: refreshing the tool list failed: {}", settings.name(), message(e));
            } else {
                List<CatalogEntry> catalog = Catalog.build(settings, listing);
                cache.write(settings.targetDigest(), listing);
                publish(catalog);
                LOG.info("mcp server {}: tool list changed, now {} tool(s)", settings.name(), catalog.size());
            }
        }));
    }

    /** Publishes the catalogue: unchanged tools stay registered, changed ones are replaced, gone ones withdrawn. */
    private void publish(List<CatalogEntry> catalog) {
        Map<String, CatalogEntry> next = new LinkedHashMap<>();
        catalog.forEach(e -> next.put(e.descriptor().name(), e));
        for (String name : new ArrayList<>(published.keySet())) {
            CatalogEntry now = next.get(name);
            if (now == null || !now.equals(published.get(name).entry())) {
                close(published.remove(name));
            }
        }
        for (CatalogEntry e : catalog) {
            if (!published.containsKey(e.descriptor().name())) {
                try {
                    published.put(e.descriptor().name(), new Published(e,
                            publisher.publish(new McpTool(e, calls), settings.targetDigest())));
                } catch (RuntimeException ex) {
                    LOG.warn("mcp server {}: tool {} not offered: {}", settings.name(), e.descriptor().name(), ex.toString());
                }
            }
        }
        toolNames = List.copyOf(published.keySet());
    }

    private void withdrawAll() {
        published.values().forEach(ServerRuntime::close);
        published.clear();
        toolNames = List.of();
    }

    private static void close(Published p) {
        try {
            p.registration().close();
        } catch (Exception e) {
            LOG.debug("withdrawing a tool failed: {}", e.toString());
        }
    }

    /**
     * @return the live session for a call: at once when ready; after a restart when idle; once
     *         connected while starting for a call (so concurrent first calls of a lazy server wait
     *         for the one start); failed with {@link McpException.Kind#CLOSED} while the server is
     *         down or only being listed
     */
    CompletableFuture<McpSession> session() {
        lastUsed = clock.instant();
        McpSession s = session;
        if (state == ServerState.READY && s != null) {
            return CompletableFuture.completedFuture(s);
        }
        if (state == ServerState.STARTING && !discoverOnly) {
            return ready; // completed by up(), failed by scheduleRestart()
        }
        if (state == ServerState.IDLE) {
            CompletableFuture<McpSession> r = ready;
            scheduler.execute(() -> {
                if (state == ServerState.IDLE && !stopped) {
                    LOG.info("mcp server {}: starting again for a call", settings.name());
                    connect();
                }
            });
            return r;
        }
        String when = nextAttempt == null ? "" : "; next restart in "
                + Math.max(0, Duration.between(clock.instant(), nextAttempt).toMillis()) + " ms";
        return CompletableFuture.failedFuture(new McpException(McpException.Kind.CLOSED, 0,
                "mcp server " + settings.name() + " is " + state.wireName() + when, null));
    }

    /** @return time until the next restart attempt, zero if none is scheduled */
    Duration untilRestart() {
        Instant n = nextAttempt;
        return n == null ? Duration.ZERO : Duration.between(clock.instant(), n).isNegative() ? Duration.ZERO
                : Duration.between(clock.instant(), n);
    }

    /** Restarts the server now (admin action): closes the session and connects again. */
    void restartNow() {
        scheduler.execute(() -> {
            if (stopped) {
                return;
            }
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            McpSession s = session;
            session = null;
            if (s != null) {
                s.close();
            }
            withdrawAll();
            attempt = 0;
            lastDelay = null;
            connect();
        });
    }

    ServerHealth health() {
        ServerHealth h = new ServerHealth();
        h.name = settings.name();
        Transport t = transport;
        h.transport = t == null ? (settings.stdio() ? "stdio" : "http") : t.describe();
        h.state = state.wireName();
        h.up = state == ServerState.READY || state == ServerState.IDLE;
        h.tools = toolNames;
        h.restarts = restarts;
        h.last_error = lastError;
        h.circuit = breaker.state().wireName();
        McpSession s = session;
        h.in_flight = s == null ? 0 : s.inFlight();
        h.next_restart_in_ms = untilRestart().toMillis();
        if (s != null && s.initializeResult() != null) {
            h.server_name = s.initializeResult().path("serverInfo").path("name").asText(null);
            h.server_version = s.initializeResult().path("serverInfo").path("version").asText(null);
            h.protocol_version = s.initializeResult().path("protocolVersion").asText(null);
        }
        return h;
    }

    /** Stops everything: tools withdrawn, in-flight calls cancelled, the child stopped; waits for it. */
    void stop() {
        stopped = true;
        try {
            scheduler.submit(() -> {
                for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {refresh, reconnect, idleCheck}) {
                    if (f != null) {
                        f.cancel(false);
                    }
                }
                withdrawAll();
                McpSession s = session;
                session = null;
                if (s != null) {
                    s.close();
                }
                state = ServerState.STOPPED;
            }).get(settings.shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("mcp server {}: stopping took too long: {}", settings.name(), e.toString());
        } finally {
            scheduler.shutdownNow();
            metrics.close();
            ready.completeExceptionally(new McpException(McpException.Kind.CLOSED, 0, "mcp server " + settings.name() + " stopped", null));
        }
    }

    static String message(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}

package dev.nexo.channel.telegram.internal;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;

/**
 * One running Telegram bot: the {@link Channel} the core sends through, plus its inbound side (a
 * long-poll thread or the webhook handler), typing indicator, pacing and circuit breaker. Owns
 * every thread it starts ({@code nexo-telegram-<instance>-*}) and stops them all in {@link #close()}.
 */
public final class TelegramBot implements Channel {
    static final String KIND = "telegram";
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBot.class);

    private final BotSettings settings;
    private final ChannelRef ref;
    private final ChannelGateway gateway;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final BotApi api;
    private final CircuitBreaker breaker;
    private final BotHealth health;
    private final OffsetStore offsets;
    private final UpdateMapper mapper;
    private final MediaDownloader downloader;
    private final TypingIndicator typing;
    private final Outbox outbox;
    private final Poller poller;
    private volatile BotIdentity identity;
    private volatile boolean closed;

    /**
     * @param settings the bot's settings
     * @param gateway where inbound messages go
     * @param stateDir the bot's directory under the state root ({@code data/telegram/<instance>})
     * @param uploadRoot the only tree local attachments may be uploaded from
     * @param clock time source
     */
    public TelegramBot(BotSettings settings, ChannelGateway gateway, Path stateDir, Path uploadRoot, Clock clock) {
        this.settings = settings;
        this.ref = ChannelRef.of(KIND, settings.instance());
        this.gateway = gateway;
        this.clock = clock;
        String prefix = "nexo-telegram-" + settings.instance() + "-";
        this.httpExecutor = Executors.newCachedThreadPool(named(prefix + "http-"));
        this.http = HttpClient.newBuilder().executor(httpExecutor).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(named(prefix + "timer-"));
        this.api = new BotApi(http, settings.apiBase(), settings.token());
        this.breaker = new CircuitBreaker("channel.telegram." + settings.instance(), CircuitBreaker.Settings.DEFAULTS,
                clock, (name, from, to) -> LOG.warn("circuit {} {} -> {}", name, from.wireName(), to.wireName()));
        this.health = new BotHealth(clock, settings.webhook() ? "webhook" : settings.polling() ? "polling" : "send-only");
        this.offsets = new OffsetStore(stateDir.resolve("offset"));
        this.mapper = new UpdateMapper(ref, settings.allowedChats(), settings.requireMention());
        this.downloader = new MediaDownloader(api, stateDir.resolve("media"), settings.maxDownloadBytes());
        this.typing = new TypingIndicator(api, timer, settings.bridgeTimeout(), clock);
        Backoff backoff = Backoff.decorrelatedJitter(Duration.ofMillis(250), Duration.ofSeconds(30), Math::random);
        this.outbox = new Outbox(api, new Pacer(clock, settings.perChatInterval(), settings.globalPerSecond()),
                this::after, breaker, backoff, settings.maxAttempts(), clock, health, uploadRoot);
        this.poller = settings.polling() ? new Poller(this, api, offsets, settings.pollTimeout(), breaker, backoff,
                health, prefix + "poll") : null;
    }

    /** Starts the inbound side: the poll thread, or the webhook registration. */
    public void start() {
        LOG.info("telegram bot {} starting ({})", settings.instance(), health.snapshot(breaker).detail().split(" ")[0]);
        if (poller != null) {
            poller.start();
        } else if (settings.webhook()) {
            timer.execute(() -> registerWebhook(1, null));
        } else {
            health.connected();
        }
    }

    private void registerWebhook(int attempt, Duration previous) {
        if (closed) {
            return;
        }
        ObjectNode p = BotApi.params().put("url", settings.webhookPublicUrl() + settings.webhookPath())
                .put("secret_token", settings.webhookSecret()).put("max_connections", 1)
                .put("drop_pending_updates", false);
        p.putArray("allowed_updates").add("message").add("edited_message").add("channel_post")
                .add("edited_channel_post").add("callback_query");
        api.call("getMe", BotApi.params()).thenCompose(me -> {
            identity = new BotIdentity(me.path("id").asLong(), me.path("username").asText(""));
            return api.call("setWebhook", p);
        }).whenComplete((ok, e) -> {
            if (e == null) {
                health.connected();
                LOG.info("telegram bot {} webhook registered at {}", settings.instance(), settings.webhookPath());
                return;
            }
            health.error(ChannelState.RECONNECTING, "setWebhook failed");
            Duration d = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(2)).delay(attempt, previous);
            LOG.warn("telegram bot {} could not register its webhook ({}); retrying in {} s", settings.instance(),
                    e.getMessage(), d.toSeconds());
            if (!closed) {
                timer.schedule(() -> registerWebhook(attempt + 1, d), d.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** @return who the bot is, asking {@code getMe} the first time; blocks */
    BotIdentity identity() throws InterruptedException {
        BotIdentity me = identity;
        if (me != null) {
            return me;
        }
        try {
            JsonNode r = api.call("getMe", BotApi.params()).get(40, TimeUnit.SECONDS);
            me = new BotIdentity(r.path("id").asLong(), r.path("username").asText(""));
            identity = me;
            LOG.info("telegram bot {} is @{}", settings.instance(), me.username());
            return me;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BotApiException ? (BotApiException) e.getCause()
                    : BotApiException.network("getMe", true, e.getCause());
        } catch (TimeoutException e) {
            throw BotApiException.network("getMe timed out", true, e);
        }
    }

    /**
     * Handles one update (from the poll loop or the webhook): map, filter, download media, hand to
     * the gateway, then commit the offset. Completes once the update is safely handled (published or
     * deliberately dropped); fails if the gateway did not accept it, leaving the offset where it was.
     */
    CompletableFuture<Void> process(JsonNode update) {
        long id = update.path("update_id").asLong(-1);
        if (id >= 0 && offsets.isDone(id)) {
            return CompletableFuture.completedFuture(null); // a repeat: handled before
        }
        BotIdentity me;
        try {
            me = identity();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // not committed: retried
        }
        health.updates.incrementAndGet();
        UpdateMapper.Mapped mapped;
        try {
            mapped = mapper.map(update, me, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("telegram update {} cannot be read and is skipped: {}", id, e.toString());
            health.dropped.incrementAndGet();
            if (id >= 0) {
                offsets.commit(id);
            }
            return CompletableFuture.completedFuture(null);
        }
        mapped.callbackId().ifPresent(cb -> api.call("answerCallbackQuery", BotApi.params().put("callback_query_id", cb))
                .exceptionally(e -> null));
        if (mapped.message().isEmpty()) {
            LOG.debug("telegram update {} dropped: {}", id, mapped.dropReason());
            health.dropped.incrementAndGet();
            offsets.commit(id);
            return CompletableFuture.completedFuture(null);
        }
        InboundMessage message = mapped.message().get();
        CompletableFuture<InboundMessage> ready = settings.downloadMedia() ? downloader.localize(message)
                : CompletableFuture.completedFuture(message);
        return ready.thenCompose(m -> gateway.inbound(m).toCompletableFuture()).thenRun(() -> {
            offsets.commit(id);
            health.inbound();
            if (!"callback_query".equals(message.extra().get("telegram.kind"))) {
                typing.start(message.chat().id());
            }
        });
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String instance() {
        return settings.instance();
    }

    @Override
    public Set<ChannelFeature> features() {
        return EnumSet.of(ChannelFeature.MEDIA, ChannelFeature.REPLY, ChannelFeature.THREADS,
                ChannelFeature.FORMATTING, ChannelFeature.LOCATION);
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        if (closed) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.UNAVAILABLE,
                    "telegram bot " + settings.instance() + " is stopped"));
        }
        typing.stop(message.recipient());
        return outbox.send(message);
    }

    @Override
    public ChannelHealth health() {
        return health.snapshot(breaker);
    }

    /** @return the counters, for metrics */
    BotHealth counters() {
        return health;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    BotSettings settings() {
        return settings;
    }

    /** @return whether the poll thread runs (false in webhook mode) */
    public boolean isPolling() {
        return poller != null && poller.isAlive();
    }

    /** Stops every thread of this bot; pending sends fail with {@code unavailable}. */
    public void close() {
        closed = true;
        try {
            if (poller != null) {
                poller.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        typing.close();
        timer.shutdownNow();
        httpExecutor.shutdownNow();
        if (http instanceof AutoCloseable) { // JDK 21+: also ends the client's selector thread
            try {
                ((AutoCloseable) http).close();
            } catch (Exception e) {
                LOG.debug("closing the HTTP client: {}", e.toString());
            }
        }
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.stopped();
        LOG.info("telegram bot {} stopped", settings.instance());
    }

    /** Production {@link Delays}: on the bot's timer thread. */
    private CompletableFuture<Void> after(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new ChannelException(ChannelErrorCode.UNAVAILABLE, "telegram bot stopped"));
            return f;
        }
        try {
            timer.schedule(() -> f.complete(null), d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            f.completeExceptionally(new ChannelException(ChannelErrorCode.UNAVAILABLE, "telegram bot stopped"));
        }
        return f;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

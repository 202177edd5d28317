package dev.nexo.channel.telegram.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;

/**
 * The long-poll loop of one bot, on its own thread: {@code getUpdates(offset, timeout)}, then each
 * update in order through {@link TelegramBot#process}, which commits the offset once the broker has
 * accepted it. An update the gateway cannot take yet is retried (with backoff) rather than skipped;
 * stopping mid-way leaves it uncommitted, so the next start fetches it again.
 */
final class Poller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
    private static final Duration GATEWAY_WAIT = Duration.ofSeconds(30);

    private final TelegramBot bot;
    private final BotApi api;
    private final OffsetStore offsets;
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final BotHealth health;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CompletableFuture<JsonNode> inFlight;

    Poller(TelegramBot bot, BotApi api, OffsetStore offsets, Duration timeout, CircuitBreaker breaker, Backoff backoff,
            BotHealth health, String threadName) {
        this.bot = bot;
        this.api = api;
        this.offsets = offsets;
        this.timeout = timeout;
        this.breaker = breaker;
        this.backoff = backoff;
        this.health = health;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the loop and waits for the thread to end. */
    void stop() throws InterruptedException {
        running = false;
        CompletableFuture<JsonNode> call = inFlight;
        if (call != null) {
            call.cancel(true);
        }
        thread.interrupt();
        thread.join(10_000);
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    @Override
    public void run() {
        int failures = 0;
        Duration delay = null;
        while (running) {
            try {
                bot.identity(); // getMe, once: mention gating needs it
                JsonNode updates = poll();
                failures = 0;
                delay = null;
                for (JsonNode u : updates) {
                    if (!running || !deliver(u)) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (BotApiException e) {
                if (!running) {
                    break;
                }
                failures++;
                delay = onFailure(e, failures, delay);
                if (!sleep(delay)) {
                    break;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                LOG.warn("telegram poll loop error: {}", e.toString());
                health.error(ChannelState.RECONNECTING, e.getClass().getSimpleName());
                delay = backoff.delay(failures, delay);
                if (!sleep(delay)) {
                    break;
                }
            }
        }
        LOG.debug("telegram poll loop ended");
    }

    private JsonNode poll() throws InterruptedException {
        if (!breaker.tryAcquire()) {
            throw BotApiException.answer(503, "circuit open", breaker.retryAfter());
        }
        ObjectNode p = BotApi.params().put("offset", offsets.next()).put("timeout", timeout.toSeconds());
        p.putArray("allowed_updates").add("message").add("edited_message").add("channel_post")
                .add("edited_channel_post").add("callback_query");
        CompletableFuture<JsonNode> call = api.call("getUpdates", p, timeout.plusSeconds(15));
        inFlight = call;
        try {
            JsonNode result = call.get();
            breaker.onSuccess();
            health.pollOk();
            return result;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BotApiException && !((BotApiException) cause).countsAgainstBreaker()) {
                breaker.onSuccess();
            } else {
                breaker.onFailure();
            }
            throw cause instanceof BotApiException ? (BotApiException) cause
                    : BotApiException.network("getUpdates: " + cause, true, null);
        } catch (java.util.concurrent.CancellationException e) {
            throw new InterruptedException("poll cancelled");
        } finally {
            inFlight = null;
        }
    }

    /** Hands one update to the bot until the gateway accepts it; false if stopped first. */
    private boolean deliver(JsonNode update) throws InterruptedException {
        int attempt = 0;
        Duration delay = null;
        while (running) {
            try {
                bot.process(update).get(GATEWAY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException | TimeoutException e) {
                attempt++;
                delay = backoff.delay(attempt, delay);
                LOG.warn("telegram update {} not accepted yet (attempt {}): {}; retrying in {} ms",
                        update.path("update_id").asLong(), attempt, e.getCause() == null ? e : e.getCause(), delay.toMillis());
                health.error(health.state(), "gateway: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName());
                if (!sleep(delay)) {
                    return false;
                }
            }
        }
        return false;
    }

    private Duration onFailure(BotApiException e, int failures, Duration previous) {
        if (e.isUnauthorized()) {
            LOG.error("telegram rejected the bot token ({}); check the bot's token", e.status());
            health.error(ChannelState.CREDENTIALS_EXPIRED, "unauthorized");
            return backoff.cap();
        }
        if (e.status() == 409) {
            LOG.warn("telegram getUpdates conflict (a webhook is set or another poller runs): deleting the webhook");
            api.call("deleteWebhook", BotApi.params().put("drop_pending_updates", false));
        } else {
            LOG.warn("telegram getUpdates failed: {}", e.getMessage());
        }
        health.error(ChannelState.RECONNECTING, e.status() == 0 ? "network" : "http " + e.status());
        Duration d = backoff.delay(failures, previous);
        return e.retryAfter().filter(r -> r.compareTo(d) > 0).orElse(d);
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}

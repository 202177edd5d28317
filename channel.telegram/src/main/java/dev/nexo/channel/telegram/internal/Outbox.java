package dev.nexo.channel.telegram.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;

/**
 * Sends outbound messages for one bot. A message becomes an ordered list of Bot API calls (text
 * chunks of at most 4,096 characters, then media; or one reaction / edit / location), run one after
 * the other. Each call waits for its pacing slot, goes through the bot's circuit breaker, and is
 * retried only when that cannot duplicate it: after a 429 (waiting {@code retry_after}), a 5xx, or a
 * connection that failed before the request was written. A call that succeeded is never repeated;
 * a message redelivered by the broker (same correlation id and content) gets the first send's
 * receipt instead of a second send.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final Pattern NUMERIC = Pattern.compile("^-?[0-9]{1,20}$");
    /** Extra naming a non-message action: {@code reaction}, {@code edit} or {@code location}. */
    static final String ACTION = "telegram.action";
    static final String TARGET = "telegram.message_id";
    static final String LATITUDE = "telegram.latitude";
    static final String LONGITUDE = "telegram.longitude";

    private final BotApi api;
    private final Pacer pacer;
    private final Delays delays;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Clock clock;
    private final BotHealth health;
    private final Path uploadRoot;
    private final Map<String, CompletableFuture<DeliveryReceipt>> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<DeliveryReceipt>> e) {
                    return size() > 1000;
                }
            });

    Outbox(BotApi api, Pacer pacer, Delays delays, CircuitBreaker breaker, Backoff backoff, int maxAttempts,
            Clock clock, BotHealth health, Path uploadRoot) {
        this.api = api;
        this.pacer = pacer;
        this.delays = delays;
        this.breaker = breaker;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.health = health;
        this.uploadRoot = uploadRoot.toAbsolutePath().normalize();
    }

    /** One Bot API call of a message; {@code fallback} is the same call without parse mode. */
    record Step(String method, Function<BotApi, CompletableFuture<JsonNode>> call, Step fallback) {
    }

    CompletableFuture<DeliveryReceipt> send(OutboundMessage m) {
        String key = m.correlationId().map(c -> c + '|' + m.recipient() + '|' + m.text().hashCode() + '|'
                + m.attachments().hashCode() + '|' + m.extra().hashCode()).orElse(null);
        if (key == null) {
            return start(m);
        }
        CompletableFuture<DeliveryReceipt> mine = new CompletableFuture<>();
        CompletableFuture<DeliveryReceipt> earlier = recent.putIfAbsent(key, mine);
        if (earlier != null && !earlier.isCompletedExceptionally()) {
            LOG.debug("outbound {} already sent or in flight; not sending again", m);
            return earlier;
        }
        recent.put(key, mine);
        start(m).whenComplete((r, e) -> {
            if (e == null) {
                mine.complete(r);
            } else {
                mine.completeExceptionally(e);
            }
        });
        return mine;
    }

    private CompletableFuture<DeliveryReceipt> start(OutboundMessage m) {
        List<Step> steps;
        try {
            steps = plan(m);
        } catch (ChannelException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.FAILED,
                    "cannot build the telegram request: " + e.getMessage()));
        }
        CompletableFuture<String> firstId = CompletableFuture.completedFuture(null);
        for (Step step : steps) {
            firstId = firstId.thenCompose(first -> attempt(step, m.recipient(), 1, null)
                    .thenApply(result -> first != null ? first : messageId(result, m)));
        }
        return firstId.handle((id, e) -> {
            if (e != null) {
                health.sendFailures.incrementAndGet();
                throw e instanceof CompletionException ? (CompletionException) e : new CompletionException(e);
            }
            health.sent();
            return DeliveryReceipt.sent(m, id, clock.instant());
        });
    }

    private static String messageId(JsonNode result, OutboundMessage m) {
        if (result.has("message_id")) {
            return result.path("message_id").asText();
        }
        return m.extra().getOrDefault(TARGET, "0"); // reactions answer true: the receipt names their target
    }

    /** Runs one step: pacing slot, breaker, call; retries where that cannot duplicate the message. */
    private CompletableFuture<JsonNode> attempt(Step step, String chat, int n, Duration previous) {
        return delays.after(pacer.reserve(chat)).thenCompose(v -> {
            if (!breaker.tryAcquire()) {
                return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.UNAVAILABLE,
                        "telegram circuit is open", breaker.retryAfter(), null));
            }
            CompletableFuture<JsonNode> call;
            try {
                call = step.call().apply(api);
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            return call.handle((result, err) -> {
                if (err == null) {
                    breaker.onSuccess();
                    return CompletableFuture.completedFuture(result);
                }
                return retryOrFail(step, chat, n, previous, unwrap(err));
            }).thenCompose(Function.identity());
        });
    }

    private CompletableFuture<JsonNode> retryOrFail(Step step, String chat, int n, Duration previous, Throwable err) {
        if (!(err instanceof BotApiException)) {
            breaker.onFailure();
            return CompletableFuture.failedFuture(err);
        }
        BotApiException e = (BotApiException) err;
        if (e.countsAgainstBreaker()) {
            breaker.onFailure();
        } else {
            breaker.onSuccess();
        }
        if (e.isEntityParseError() && step.fallback() != null) {
            LOG.debug("telegram refused the formatting; sending {} as plain text", step.method());
            return attempt(step.fallback(), chat, n, previous);
        }
        if (!e.isSafeToRetry() || n >= maxAttempts) {
            return CompletableFuture.failedFuture(e.toChannelException());
        }
        Duration wait;
        if (e.isRateLimited()) {
            wait = e.retryAfter().orElse(Duration.ofSeconds(1));
            pacer.backOff(chat, wait);
            wait = Duration.ZERO; // the pacer now holds the chat back for retry_after
        } else {
            wait = backoff.delay(n, previous);
        }
        health.retries.incrementAndGet();
        LOG.debug("{} failed ({}); attempt {} of {}", step.method(), e.getMessage(), n + 1, maxAttempts);
        Duration used = wait;
        return delays.after(wait).thenCompose(v -> attempt(step, chat, n + 1, used));
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    /** The ordered Bot API calls for one outbound message. */
    List<Step> plan(OutboundMessage m) {
        String action = m.extra().getOrDefault(ACTION, "message");
        ObjectNode base = BotApi.params();
        base.set("chat_id", chatId(m.recipient()));
        switch (action) {
            case "reaction":
                return List.of(reaction(m, base));
            case "edit":
                return List.of(textStep("editMessageText", m, m.text(), base.deepCopy().put("message_id", target(m))));
            case "location":
                return List.of(json("sendLocation", base.deepCopy().put("latitude", number(m, LATITUDE))
                        .put("longitude", number(m, LONGITUDE)), null));
            case "message":
                return message(m, base);
            default:
                throw new ChannelException(ChannelErrorCode.UNSUPPORTED_FEATURE, "unknown telegram.action " + action);
        }
    }

    private List<Step> message(OutboundMessage m, ObjectNode base) {
        m.threadId().ifPresent(t -> base.set("message_thread_id", chatId(t)));
        List<Step> steps = new ArrayList<>();
        boolean captioned = m.attachments().size() == 1 && m.text().length() <= TextSplitter.CAPTION_LIMIT
                && !m.text().isEmpty();
        boolean replyUsed = false;
        if (!captioned && !m.text().isEmpty()) {
            for (String chunk : TextSplitter.split(m.text(), TextSplitter.MESSAGE_LIMIT)) {
                ObjectNode p = base.deepCopy();
                if (!replyUsed) {
                    reply(m, p);
                    replyUsed = true;
                }
                steps.add(textStep("sendMessage", m, chunk, p));
            }
        }
        for (Attachment a : m.attachments()) {
            ObjectNode p = base.deepCopy();
            if (!replyUsed) {
                reply(m, p);
                replyUsed = true;
            }
            steps.add(media(a, p, captioned ? m.text() : null, m.format()));
        }
        return steps;
    }

    private static void reply(OutboundMessage m, ObjectNode p) {
        m.replyToMessageId().filter(id -> NUMERIC.matcher(id).matches()).ifPresent(id -> p.putObject("reply_parameters")
                .put("message_id", Long.parseLong(id)).put("allow_sending_without_reply", true));
    }

    /** A text call with parse mode and, when formatted, a plain-text fallback. */
    private Step textStep(String method, OutboundMessage m, String text, ObjectNode p) {
        TelegramFormat.Rendered r = TelegramFormat.render(text, m.format());
        ObjectNode plain = p.deepCopy().put("text", text);
        Step fallback = json(method, plain, null);
        if (r.parseMode() == null) {
            return fallback;
        }
        String shown = TelegramFormat.stripHtml(r.text());
        if (shown.length() > TextSplitter.MESSAGE_LIMIT) {
            return fallback; // HTML entities could push a full chunk over the limit; plain is always within it
        }
        return json(method, p.deepCopy().put("text", r.text()).put("parse_mode", r.parseMode()), fallback);
    }

    private static Step json(String method, ObjectNode p, Step fallback) {
        return new Step(method, api -> api.call(method, p), fallback);
    }

    private Step reaction(OutboundMessage m, ObjectNode base) {
        ObjectNode p = base.deepCopy().put("message_id", target(m));
        p.putArray("reaction").addObject().put("type", "emoji").put("emoji", m.text());
        return json("setMessageReaction", p, null);
    }

    private Step media(Attachment a, ObjectNode p, String caption, TextFormat format) {
        String[] mf = methodAndField(a.kind());
        if (caption != null) {
            TelegramFormat.Rendered r = TelegramFormat.render(caption, format);
            p.put("caption", r.text());
            if (r.parseMode() != null) {
                p.put("parse_mode", r.parseMode());
            }
        }
        if (a.remoteId().isPresent() || a.url().isPresent()) {
            return json(mf[0], p.put(mf[1], a.remoteId().orElseGet(() -> a.url().get())), null);
        }
        Path file = uploadable(a.localPath().orElseThrow());
        Map<String, String> fields = new LinkedHashMap<>();
        p.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().isTextual()
                ? e.getValue().asText() : e.getValue().toString()));
        String name = a.fileName().orElse(file.getFileName().toString());
        String mime = a.mimeType().orElse("application/octet-stream");
        return new Step(mf[0], api -> api.upload(mf[0], fields, mf[1], file, name, mime), null);
    }

    /** Only files under the state root may be uploaded: an agent must not mail out arbitrary files. */
    private Path uploadable(String localPath) {
        Path p = uploadRoot.resolve(localPath).toAbsolutePath().normalize();
        if (!p.startsWith(uploadRoot) || !Files.isRegularFile(p)) {
            throw new ChannelException(ChannelErrorCode.FAILED, "attachment path is not a file under the state root");
        }
        return p;
    }

    private static String[] methodAndField(MediaKind kind) {
        switch (kind) {
            case PHOTO:
                return new String[] {"sendPhoto", "photo"};
            case VOICE:
                return new String[] {"sendVoice", "voice"};
            case AUDIO:
                return new String[] {"sendAudio", "audio"};
            case VIDEO:
                return new String[] {"sendVideo", "video"};
            case STICKER:
                return new String[] {"sendSticker", "sticker"};
            default:
                return new String[] {"sendDocument", "document"};
        }
    }

    private static long target(OutboundMessage m) {
        String id = m.extra().get(TARGET);
        if (id == null || !NUMERIC.matcher(id).matches()) {
            throw new ChannelException(ChannelErrorCode.FAILED, "telegram." + m.extra().get(ACTION)
                    + " needs a numeric " + TARGET);
        }
        return Long.parseLong(id);
    }

    private static double number(OutboundMessage m, String key) {
        try {
            return Double.parseDouble(m.extra().getOrDefault(key, "x"));
        } catch (NumberFormatException e) {
            throw new ChannelException(ChannelErrorCode.FAILED, "location needs numeric " + key);
        }
    }

    /** Telegram chat ids are integers (negative for groups) or {@code @channelname}. */
    static JsonNode chatId(String recipient) {
        return NUMERIC.matcher(recipient).matches() ? JsonNodeFactory.instance.numberNode(Long.parseLong(recipient))
                : JsonNodeFactory.instance.textNode(recipient);
    }
}

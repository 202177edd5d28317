package dev.nexo.channel.telegram.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.nexo.api.event.Topics;

/**
 * The validated settings of one bot, built from its {@link TelegramConfig}. Tests build it directly.
 *
 * @param instance instance name, a topic token
 * @param token the bot token (secret: never logged; {@link #toString()} hides it)
 * @param apiBase Bot API base URL, without trailing slash
 * @param polling whether to long-poll (false when the webhook is on)
 * @param pollTimeout long-poll timeout, 1..50 s
 * @param allowedChats accepted chat ids; empty accepts all
 * @param bridgeTimeout how long "typing" is shown at most
 * @param webhook whether updates come by webhook
 * @param webhookPublicUrl public base URL for setWebhook
 * @param webhookSecret the secret token header value
 * @param requireMention mention gating in groups
 * @param downloadMedia whether inbound media is downloaded
 * @param maxDownloadBytes largest file downloaded
 * @param perChatInterval smallest gap between sends to one chat
 * @param globalPerSecond largest sends per second overall
 * @param maxAttempts attempts per API call
 */
public record BotSettings(String instance, String token, URI apiBase, boolean polling, Duration pollTimeout,
        Set<Long> allowedChats, Duration bridgeTimeout, boolean webhook, String webhookPublicUrl,
        String webhookSecret, boolean requireMention, boolean downloadMedia, long maxDownloadBytes,
        Duration perChatInterval, int globalPerSecond, int maxAttempts) {

    private static final Pattern TOKEN = Pattern.compile("^[0-9]+:[A-Za-z0-9_-]{1,256}$");
    private static final Pattern SECRET = Pattern.compile("^[A-Za-z0-9_-]{1,256}$");

    /** Validates what an operator could get wrong, with messages that never contain the token. */
    public BotSettings {
        Topics.requireToken(instance, "telegram instance");
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("telegram bot " + instance + ": the token is missing or not of the form <digits>:<secret>");
        }
        String scheme = apiBase.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("telegram bot " + instance + ": api_base_url must be http(s)");
        }
        if (webhook && (webhookPublicUrl == null || !webhookPublicUrl.startsWith("http"))) {
            throw new IllegalArgumentException("telegram bot " + instance + ": webhook.enabled needs webhook.public_url");
        }
        if (!SECRET.matcher(webhookSecret).matches()) {
            throw new IllegalArgumentException("telegram bot " + instance
                    + ": webhook.secret_token must be 1-256 characters of A-Z a-z 0-9 _ -");
        }
        allowedChats = Set.copyOf(allowedChats);
        if (globalPerSecond < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("telegram bot " + instance + ": send limits must be at least 1");
        }
    }

    /** @return settings from the configuration */
    static BotSettings from(TelegramConfig c) {
        long pollMs = Math.max(1_000L, Math.min(50_000L, c.polling_interval__ms()));
        String base = c.api__base__url().strip().replaceAll("/+$", "");
        String secret = c.webhook_secret__token().isBlank()
                ? derivedSecret(c.token(), c.instance())
                : c.webhook_secret__token().strip();
        return new BotSettings(c.instance(), c.token() == null ? null : c.token().strip(), URI.create(base),
                c.polling_enabled() && !c.webhook_enabled(), Duration.ofMillis(pollMs / 1000 * 1000),
                Arrays.stream(c.allowlist_chat__ids()).boxed().collect(Collectors.toSet()),
                Duration.ofMillis(Math.max(1_000L, c.bridge__timeout__ms())), c.webhook_enabled(),
                c.webhook_public__url().strip().replaceAll("/+$", ""), secret, c.groups_require__mention(),
                c.media_download(), c.media_max__bytes(), Duration.ofMillis(Math.max(0, c.send_per__chat__interval__ms())),
                c.send_global__per__second(), c.send_max__attempts());
    }

    /** A stable secret so a restart keeps the registered webhook valid: HMAC-SHA256(token, instance). */
    static String derivedSecret(String token, String instance) {
        if (token == null || token.isBlank()) {
            return "unset";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sum = mac.doFinal(("nexo-webhook:" + instance).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** @return the webhook path under the HTTP server: {@code /webhooks/telegram/<instance>} */
    public String webhookPath() {
        return "/webhooks/telegram/" + instance;
    }

    /** @return a copy for tests: polling against {@code apiBase}, defaults elsewhere */
    public static BotSettings forTest(String instance, String token, URI apiBase) {
        return new BotSettings(instance, token, apiBase, true, Duration.ofSeconds(1), Set.of(), Duration.ofSeconds(120),
                false, "", "test-secret", true, true, 20L * 1024 * 1024, Duration.ZERO, 1000, 5);
    }

    /** @return a copy with another allowlist */
    public BotSettings withAllowedChats(Set<Long> chats) {
        return new BotSettings(instance, token, apiBase, polling, pollTimeout, chats, bridgeTimeout, webhook,
                webhookPublicUrl, webhookSecret, requireMention, downloadMedia, maxDownloadBytes, perChatInterval,
                globalPerSecond, maxAttempts);
    }

    /** @return a copy in webhook mode */
    public BotSettings withWebhook(String publicUrl, String secret) {
        return new BotSettings(instance, token, apiBase, false, pollTimeout, allowedChats, bridgeTimeout, true,
                publicUrl, secret, requireMention, downloadMedia, maxDownloadBytes, perChatInterval, globalPerSecond,
                maxAttempts);
    }

    /** @return a copy with other pacing */
    public BotSettings withPacing(Duration perChat, int perSecond) {
        return new BotSettings(instance, token, apiBase, polling, pollTimeout, allowedChats, bridgeTimeout, webhook,
                webhookPublicUrl, webhookSecret, requireMention, downloadMedia, maxDownloadBytes, perChat, perSecond,
                maxAttempts);
    }

    @Override
    public String toString() {
        return "BotSettings[" + instance + ", api=" + apiBase + ", polling=" + polling + ", webhook=" + webhook + ']';
    }
}

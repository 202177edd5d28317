package dev.nexo.channel.telegram.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Telegram bot: the factory configuration {@code dev.nexo.channel.telegram~<instance>} that the
 * core writes from {@code plugins/telegram.yaml}. Nested YAML keys arrive as dotted names
 * ({@code polling.interval_ms}); in the method names a single {@code _} stands for the dot and a
 * double {@code __} for an underscore.
 */
@ObjectClassDefinition(id = TelegramConfig.FACTORY_PID,
        name = "Nexo Telegram bot", description = "One Telegram bot served through the Bot API, by long polling or webhook.")
public @interface TelegramConfig {
    /** The factory PID, one configuration per bot. */
    String FACTORY_PID = "dev.nexo.channel.telegram";

    @AttributeDefinition(name = "Instance", description = "The bot's instance name, used in topics "
            + "(plugin.inbound.telegram.<instance>), agent bindings and the webhook path.")
    String instance() default "default";

    @AttributeDefinition(name = "Enabled", description = "Whether the bot runs at all.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Bot token", type = AttributeType.PASSWORD,
            description = "The Bot API token from @BotFather; use ${file:...} or ${VAR} in the YAML, never a literal.")
    String token();

    @AttributeDefinition(name = "Allowed agents", required = false, description = "Agents that may send through "
            + "this bot; empty means any agent bound to it.")
    String[] allow__agents() default {};

    @AttributeDefinition(name = "Long polling", description = "Receive updates with getUpdates (ignored when the webhook is enabled).")
    boolean polling_enabled() default true;

    @AttributeDefinition(name = "Long-poll timeout (ms)", description = "How long one getUpdates call waits "
            + "for updates; Telegram accepts 1 to 50 seconds and the value is clamped to that range.")
    long polling_interval__ms() default 25_000L;

    @AttributeDefinition(name = "Offset file", required = false, description = "Ignored: the update offset "
            + "is kept under the state root (data/telegram/<instance>/offset). Accepted for seed compatibility.")
    String polling_offset__path() default "";

    @AttributeDefinition(name = "Allowed chat ids", required = false, description = "Numeric chat ids the bot "
            + "accepts messages from (negative for groups); empty accepts every chat.")
    long[] allowlist_chat__ids() default {};

    @AttributeDefinition(name = "Bridge timeout (ms)", description = "How long the bot shows 'typing' while "
            + "an agent works on a message; no reply within this time stops the indicator.")
    long bridge__timeout__ms() default 120_000L;

    @AttributeDefinition(name = "Bot API base URL", description = "Where the Bot API lives; change it only "
            + "for a self-hosted Bot API server or tests.")
    String api__base__url() default "https://api.telegram.org";

    @AttributeDefinition(name = "Webhook", description = "Receive updates by webhook instead of long polling: "
            + "the bot registers <webhook.public_url>/webhooks/telegram/<instance> with setWebhook.")
    boolean webhook_enabled() default false;

    @AttributeDefinition(name = "Webhook public URL", required = false, description = "The public https "
            + "base URL under which Telegram reaches this server, e.g. https://bots.example.com.")
    String webhook_public__url() default "";

    @AttributeDefinition(name = "Webhook secret", type = AttributeType.PASSWORD, required = false,
            description = "The X-Telegram-Bot-Api-Secret-Token value (1-256 of A-Z a-z 0-9 _ -); "
                    + "empty derives a stable one from the token.")
    String webhook_secret__token() default "";

    @AttributeDefinition(name = "Mention gating in groups", description = "In groups and channels only "
            + "messages that mention the bot, reply to it or start with a command reach agents.")
    boolean groups_require__mention() default true;

    @AttributeDefinition(name = "Download media", description = "Download inbound photos, documents and "
            + "voice notes (getFile) under the state root so agents can read them.")
    boolean media_download() default true;

    @AttributeDefinition(name = "Largest download (bytes)", description = "Inbound files above this size "
            + "are not downloaded (the Bot API serves at most 20 MB).")
    long media_max__bytes() default 20L * 1024 * 1024;

    @AttributeDefinition(name = "Per-chat send interval (ms)", description = "Smallest gap between two "
            + "messages to the same chat (Telegram allows about one per second).")
    long send_per__chat__interval__ms() default 1_000L;

    @AttributeDefinition(name = "Global sends per second", description = "Largest number of messages per "
            + "second over all chats (Telegram allows about 30).")
    int send_global__per__second() default 30;

    @AttributeDefinition(name = "Send attempts", description = "Attempts per API call on 5xx, connection "
            + "errors and 429 before a send fails.")
    int send_max__attempts() default 5;
}

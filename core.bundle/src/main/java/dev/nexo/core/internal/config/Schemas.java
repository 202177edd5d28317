package dev.nexo.core.internal.config;

import static dev.nexo.core.internal.config.Schema.ANY;
import static dev.nexo.core.internal.config.Schema.BOOL;
import static dev.nexo.core.internal.config.Schema.DURATION;
import static dev.nexo.core.internal.config.Schema.FLOAT;
import static dev.nexo.core.internal.config.Schema.ID;
import static dev.nexo.core.internal.config.Schema.INT;
import static dev.nexo.core.internal.config.Schema.SIZE;
import static dev.nexo.core.internal.config.Schema.STRING;
import static dev.nexo.core.internal.config.Schema.either;
import static dev.nexo.core.internal.config.Schema.f;
import static dev.nexo.core.internal.config.Schema.listOf;
import static dev.nexo.core.internal.config.Schema.mapOf;
import static dev.nexo.core.internal.config.Schema.obj;
import static dev.nexo.core.internal.config.Schema.oneOf;
import static dev.nexo.core.internal.config.Schema.strings;

import java.util.List;

import dev.nexo.core.internal.config.Schema.Field;
import dev.nexo.core.internal.config.Schema.Obj;

/**
 * The schema of every file kind, with field names and defaults taken from the nexo-rs book
 * (agents.yaml, llm.yaml, broker.yaml, memory.yaml, runtime.yaml and the channel pages).
 * Sections whose full shape belongs to later features are {@code ANY} and stored as JSON.
 */
final class Schemas {
    private Schemas() {
    }

    /** Every file may carry the migration marker the book describes. */
    private static final Field SCHEMA_VERSION = f("schema_version", INT);

    static final Obj MODEL = obj(f("provider", STRING).req(), f("model", STRING).req());
    static final Obj RATE = obj(f("rps", FLOAT).req(), f("burst", INT));
    static final Obj TOOL_RATE_LIMITS = obj(f("patterns", mapOf(obj(
            f("rps", FLOAT).req(), f("burst", INT), f("essential_deny_on_miss", BOOL)))));
    static final Obj LINK_UNDERSTANDING = obj(f("enabled", BOOL), f("max_links_per_turn", INT),
            f("max_bytes", INT), f("timeout_ms", INT), f("cache_ttl_secs", INT), f("deny_hosts", listOf(STRING)));
    static final Obj WEB_SEARCH = obj(f("enabled", BOOL),
            f("provider", oneOf("auto", "brave", "tavily", "duckduckgo", "perplexity")),
            f("default_count", INT), f("cache_ttl_secs", INT), f("expand_default", BOOL));
    static final Obj PAIRING_POLICY = obj(f("auto_challenge", BOOL));
    /** Outbound allowlists: channel name to recipients (phone numbers, chat ids, addresses). */
    static final Schema.MapOf ALLOWLIST = mapOf(listOf(STRING));

    /** Per-feature sections later issues own; accepted at agent and binding level. */
    private static final String[] FEATURE_SECTIONS = {
        "dispatch_policy", "remote_triggers", "proactive", "repl", "lsp", "team", "config_tool", "plan_mode",
        "context_optimization",
    };

    static final Obj BINDING = obj(withFeatures(
            f("plugin", STRING).req(),
            f("instance", STRING),
            f("allowed_tools", listOf(STRING)),
            f("outbound_allowlist", ALLOWLIST),
            f("skills", listOf(STRING)),
            f("model", MODEL),
            f("system_prompt_extra", STRING),
            f("sender_rate_limit", either(oneOf("inherit", "disable"), RATE)),
            f("allowed_delegates", listOf(STRING)),
            f("language", STRING),
            f("tool_rate_limits", TOOL_RATE_LIMITS),
            f("link_understanding", LINK_UNDERSTANDING),
            f("web_search", WEB_SEARCH),
            f("pairing_policy", PAIRING_POLICY)));

    static final Obj AGENT = obj(withFeatures(
            f("id", ID).req(),
            f("description", STRING).def(""),
            f("model", MODEL).req(),
            strings("plugins"),
            f("inbound_bindings", listOf(BINDING)).def(List.of()),
            strings("allowed_tools"),
            f("tool_rate_limits", TOOL_RATE_LIMITS).asJson(),
            f("tool_args_validation", obj(f("enabled", BOOL).def(true))),
            // agent runtime: LLM calls per turn (default 8) and turns of history sent (default 50)
            f("max_steps", INT),
            f("history_turns", INT),
            f("outbound_allowlist", ALLOWLIST),
            f("system_prompt", STRING).def(""),
            f("workspace", STRING).def(""),
            strings("extra_docs"),
            f("transcripts_dir", STRING).def(""),
            f("skills_dir", STRING).def("./skills"),
            strings("skills"),
            f("language", STRING),
            f("heartbeat", obj(f("enabled", BOOL).def(false), f("interval", DURATION).def("5m"))),
            f("config", obj(f("debounce_ms", INT).def(2000L), f("queue_cap", INT).def(32L))),
            f("sender_rate_limit", RATE),
            strings("allowed_delegates"),
            strings("accept_delegates_from"),
            f("dreaming", obj(f("enabled", BOOL).def(false), f("interval_secs", INT).def(86400L),
                    f("min_score", FLOAT).def(0.35), f("min_recall_count", INT).def(3L),
                    f("min_unique_queries", INT).def(2L), f("max_promotions_per_sweep", INT).def(20L),
                    f("weights", obj(f("frequency", FLOAT).def(0.24), f("relevance", FLOAT).def(0.30),
                            f("recency", FLOAT).def(0.15), f("diversity", FLOAT).def(0.15),
                            f("consolidation", FLOAT).def(0.10))))),
            f("workspace_git", obj(f("enabled", BOOL).def(false), f("author_name", STRING).def("agent"),
                    f("author_email", STRING).def("agent@localhost"))),
            f("google_auth", obj(f("client_id", STRING), f("client_secret", STRING), f("scopes", listOf(STRING)),
                    f("token_file", STRING), f("redirect_port", INT))),
            f("credentials", obj(f("whatsapp", STRING), f("telegram", STRING), f("email", STRING),
                    f("google", STRING), f("telegram_asymmetric", BOOL))),
            f("memory", ANY),
            f("link_understanding", LINK_UNDERSTANDING),
            f("web_search", WEB_SEARCH),
            f("pairing_policy", PAIRING_POLICY)));

    static final Obj AGENTS_FILE = obj(SCHEMA_VERSION, f("agents", listOf(AGENT)).def(List.of()));

    static final Obj RETRY = obj(f("max_attempts", INT).def(5L), f("initial_backoff_ms", INT).def(1000L),
            f("max_backoff_ms", INT).def(60000L), f("backoff_multiplier", FLOAT).def(2.0),
            f("server_max_attempts", INT).def(3L), f("server_max_backoff_ms", INT).def(30000L));

    /** A provider's own retry block: no defaults, every field it omits comes from the top-level block. */
    static final Obj RETRY_OVERRIDE = obj(f("max_attempts", INT), f("initial_backoff_ms", INT),
            f("max_backoff_ms", INT), f("backoff_multiplier", FLOAT), f("server_max_attempts", INT),
            f("server_max_backoff_ms", INT));

    static final Obj PROVIDER = obj(
            f("factory_type", Schema.pattern("^[a-z0-9][a-z0-9_-]*$", "a lower-case provider kind such as openai")),
            f("api_key", STRING),
            f("api_key_env", STRING),
            f("api_key_secret_id", STRING),
            f("group_id", STRING),
            f("base_url", STRING),
            f("api_flavor", oneOf("openai_compat", "anthropic_messages")),
            f("chat_path", STRING),
            f("request_timeout_ms", INT),
            f("default_max_tokens", INT),
            f("rate_limit", obj(f("requests_per_second", FLOAT).def(2.0), f("quota_alert_threshold", INT))),
            f("auth", obj(f("mode", oneOf("auto", "static", "setup_token", "token_plan", "oauth_bundle")),
                    f("bundle", STRING), f("setup_token_file", STRING), f("refresh_endpoint", STRING),
                    f("client_id", STRING))),
            f("retry", RETRY_OVERRIDE),
            f("embedding_model", STRING),
            f("safety_settings", ANY),
            f("context_optimization", ANY));

    static final Obj LLM_FILE = obj(SCHEMA_VERSION,
            f("providers", mapOf(PROVIDER)),
            f("retry", RETRY),
            f("context_optimization", ANY),
            f("tenants", ANY));

    static final Obj BROKER_FILE = obj(SCHEMA_VERSION, f("broker", obj(
            f("type", oneOf("local", "nats")).def("local"),
            f("url", STRING),
            f("auth", obj(f("enabled", BOOL).def(false), f("nkey_file", STRING))),
            f("persistence", obj(f("enabled", BOOL).def(true), f("path", STRING).def("./data/queue"),
                    f("fsync", BOOL).def(true))),
            f("limits", obj(f("max_payload", SIZE).def("4MB"), f("max_pending", INT).def(10000L))),
            f("fallback", obj(f("mode", oneOf("local_queue", "drop")).def("local_queue"),
                    f("drain_on_reconnect", BOOL).def(true))),
            f("jetstream", obj(f("subjects", listOf(STRING)), f("ack_wait_ms", INT).def(30000L))))));

    static final Obj MEMORY_FILE = obj(SCHEMA_VERSION,
            f("short_term", obj(f("max_history_turns", INT).def(50L), f("session_ttl", DURATION).def("24h"),
                    f("max_sessions", INT).def(10000L))),
            f("long_term", obj(f("backend", oneOf("sqlite", "redis")).def("sqlite"),
                    f("sqlite", obj(f("path", STRING).def("./data/memory.db"))),
                    f("redis", obj(f("url", STRING))))),
            // Nexo embeds locally by default (the MiniLM bundle), so vectors are on unless turned off.
            f("vector", obj(f("enabled", BOOL).def(true), f("backend", STRING).def("sqlite-vec"),
                    f("default_recall_mode", oneOf("keyword", "vector", "hybrid")).def("hybrid"),
                    f("embedding", obj(f("provider", oneOf("local", "http")).def("local"), f("base_url", STRING),
                            f("model", STRING), f("api_key", STRING), f("dimensions", INT),
                            f("timeout_secs", INT).def(30L), f("queue_capacity", INT).def(10000L),
                            f("batch_size", INT).def(16L))),
                    f("index", obj(f("exact_max", INT).def(20000L), f("m", INT).def(16L),
                            f("ef_construction", INT).def(200L), f("ef", INT).def(100L))))),
            // What the agent runtime recalls into the prompt; an agent's own memory: section may override it.
            f("auto_recall", obj(f("enabled", BOOL).def(true), f("top_k", INT).def(5L),
                    f("mode", oneOf("keyword", "vector", "hybrid")).def("hybrid"))),
            f("memory", obj(f("snapshot", ANY),
                    f("secret_guard", obj(f("enabled", BOOL).def(true),
                            f("on_secret", oneOf("block", "redact", "warn")).def("block"),
                            f("rules", either(STRING, listOf(STRING))).def("all"), strings("exclude_rules"))))));

    static final Obj RUNTIME_FILE = obj(SCHEMA_VERSION,
            f("reload", obj(f("enabled", BOOL).def(true), f("debounce_ms", INT).def(500L),
                    Schema.strings("extra_watch_paths"))),
            f("cron", obj(
                    f("one_shot_retry", obj(f("max_retries", INT).def(3L), f("base_backoff_secs", INT).def(30L),
                            f("max_backoff_secs", INT).def(1800L))),
                    f("tool_calls", obj(f("enabled", BOOL).def(false), f("max_iterations", INT).def(6L),
                            Schema.strings("allowlist"))))),
            f("migrations", obj(f("auto_apply", BOOL).def(false))));

    /** mcp_server.yaml: flat, so every key maps 1:1 onto a property of PID dev.nexo.mcp.server. */
    static final Obj MCP_SERVER_FILE = obj(SCHEMA_VERSION, f("mcp_server", obj(
            f("enabled", BOOL).def(false), f("name", STRING).def("nexo"), strings("allowlist"), strings("agent_tools"),
            f("expose_proxies", BOOL).def(false), f("expose_memory", BOOL).def(true), f("expose_messaging", BOOL).def(false),
            f("require_auth", BOOL).def(true), f("anonymous_agent", STRING), f("rate_limit_rps", FLOAT),
            f("rate_limit_burst", INT), f("max_in_flight", INT), f("queue_wait_ms", INT), f("call_timeout_secs", INT),
            f("approval_wait_secs", INT), f("session_idle_timeout_secs", INT), f("max_sessions", INT),
            f("body_max_bytes", INT))));

    static final Obj TELEGRAM = obj(
            f("instance", ID).def("default"),
            f("enabled", BOOL).def(true),
            f("token", STRING).req(),
            strings("allow_agents"),
            f("polling", obj(f("enabled", BOOL).def(true), f("interval_ms", INT).def(25000L),
                    f("offset_path", STRING).def("./data/media/telegram/offset"))),
            f("allowlist", obj(f("chat_ids", listOf(INT)).def(List.of()))),
            f("auto_transcribe", obj(f("enabled", BOOL).def(false), f("command", STRING), f("language", STRING))),
            f("bridge_timeout_ms", INT).def(120000L),
            f("api_base_url", STRING).def("https://api.telegram.org"),
            f("webhook", obj(f("enabled", BOOL).def(false), f("public_url", STRING), f("secret_token", STRING))),
            f("groups", obj(f("require_mention", BOOL).def(true))),
            f("media", obj(f("download", BOOL).def(true), f("max_bytes", INT).def(20971520L))),
            f("send", obj(f("per_chat_interval_ms", INT).def(1000L), f("global_per_second", INT).def(30L),
                    f("max_attempts", INT).def(5L))));

    static final Obj TELEGRAM_FILE = obj(SCHEMA_VERSION, f("telegram", either(TELEGRAM, listOf(TELEGRAM))));

    static final Obj WHATSAPP = obj(
            f("instance", ID).def("default"),
            f("enabled", BOOL).def(true),
            f("session_dir", STRING).def(""),
            f("media_dir", STRING).def("./data/media/whatsapp"),
            f("media_download", BOOL),
            f("media_max_bytes", INT),
            strings("allow_agents"),
            f("acl", obj(strings("allow_list"), f("from_env", STRING))),
            f("behavior", obj(f("ignore_chat_meta", BOOL).def(true), f("ignore_from_me", BOOL).def(true),
                    f("ignore_groups", BOOL).def(false))),
            f("bridge", obj(f("response_timeout_ms", INT).def(30000L),
                    f("on_timeout", oneOf("noop", "apology_text")).def("noop"), f("apology_text", STRING))),
            f("transcriber", obj(f("enabled", BOOL).def(false), f("skill", STRING).def("whisper"))),
            f("public_tunnel", obj(f("enabled", BOOL).def(false), f("only_until_paired", BOOL).def(true))),
            // unknown typing modes degrade to instant with a warning (seed), so any string is accepted here
            f("typing_mode", STRING).def("instant"),
            // the Cloud API transport: one phone-number id per instance; secrets usually ${file:...}
            f("cloud", obj(f("phone_number_id", STRING), f("access_token", STRING), f("app_secret", STRING),
                    f("verify_token", STRING), f("api_base_url", STRING), f("api_version", STRING),
                    f("window_hours", INT), f("request_timeout_ms", INT))));

    static final Obj WHATSAPP_FILE = obj(SCHEMA_VERSION, f("whatsapp", either(WHATSAPP, listOf(WHATSAPP))));

    /**
     * plugins/discovery.yaml: the seed's {@code discovery} section and the plugin host's own
     * settings under {@code host}; both become PID {@code dev.nexo.plugins}.
     */
    static final Obj PLUGINS_FILE = obj(SCHEMA_VERSION,
            f("discovery", obj(Schema.strings("search_paths"), Schema.strings("disabled"), Schema.strings("allowlist"))),
            f("host", obj(f("enabled", BOOL), f("require_sandbox", BOOL), f("allow_host_network", BOOL),
                    f("init_timeout_ms", INT), f("call_timeout_ms", INT), f("hook_timeout_ms", INT),
                    f("queue_depth", INT), f("max_frame_bytes", INT), Schema.strings("read_tools"),
                    f("max_install_bytes", INT))));

    private static final Obj ENDPOINT = obj(f("host", STRING).req(), f("port", INT),
            f("tls", oneOf("implicit_tls", "starttls", "plain")));

    private static final Obj IMAP_ENDPOINT = obj(f("host", STRING).req(), f("port", INT),
            f("tls", oneOf("implicit_tls", "starttls", "plain")), f("idle", BOOL).def(true));

    static final Obj EMAIL_ACCOUNT = obj(
            f("instance", ID).req(),
            f("enabled", BOOL).def(true),
            f("address", STRING).req(),
            f("provider", oneOf("gmail", "outlook", "yahoo", "icloud", "custom")).def("custom"),
            f("imap", IMAP_ENDPOINT),
            f("after_processing", oneOf("seen", "move", "none")).def("seen"),
            f("smtp", ENDPOINT),
            f("folders", obj(f("inbox", STRING).def("INBOX"), f("sent", STRING).def("Sent"),
                    f("archive", STRING).def("Archive"))),
            f("filters", obj(strings("from_allowlist"), strings("from_denylist"))),
            f("auth", obj(f("kind", oneOf("password", "oauth2_static", "oauth2_google")).req(),
                    f("username", STRING), f("password", STRING), f("access_token", STRING),
                    f("refresh_token", STRING), f("expires_at", INT), f("google_account_id", STRING))),
            strings("allow_agents"));

    static final Obj EMAIL_FILE = obj(SCHEMA_VERSION, f("email", obj(
            f("enabled", BOOL).def(true),
            f("max_body_bytes", INT).def(32768L),
            f("max_attachment_bytes", INT).def(26214400L),
            f("attachments_dir", STRING).def("data/email-attachments"),
            f("outbound_queue_dir", STRING).def("data/email-outbound"),
            f("poll_fallback_seconds", INT).def(60L),
            f("idle_reissue_minutes", INT).def(28L),
            f("spf_dkim_warn", BOOL).def(true),
            f("loop_prevention", obj(f("auto_submitted", BOOL).def(true), f("list_headers", BOOL).def(true),
                    f("self_from", BOOL).def(true))),
            f("rate_limit", obj(f("per_sender_per_hour", INT).def(30L))),
            f("accounts", listOf(EMAIL_ACCOUNT)).def(List.of()))));

    /** One MCP server consumed by the MCP client bundle (nexo-rs book, "MCP client" page). */
    static final Obj MCP_SERVER = obj(
            f("enabled", BOOL).def(true),
            f("transport", obj(f("type", oneOf("stdio", "http")).req(),
                    f("command", STRING), strings("args"), f("env", mapOf(STRING)).asJson(), f("cwd", STRING),
                    f("url", STRING), f("mode", oneOf("streamable_http", "sse", "auto")).def("auto"),
                    f("headers", mapOf(STRING)).asJson())).req(),
            // Nexo: tools the operator marks read (every other tool of the server is write)
            strings("read_tools"),
            f("connect_timeout_ms", INT),
            f("call_timeout_ms", INT),
            // Nexo: lazy = not started until a tool is called (tools offered from the cached list); eager = at once
            f("startup", oneOf("lazy", "eager")));

    static final Obj MCP_FILE = obj(SCHEMA_VERSION, f("mcp", obj(
            f("enabled", BOOL).def(true),
            f("session_ttl", DURATION).def("30m"),
            f("idle_reap_interval", DURATION).def("60s"),
            f("connect_timeout_ms", INT).def(10000L),
            f("call_timeout_ms", INT).def(30000L),
            f("shutdown_grace_ms", INT).def(3000L),
            f("startup", oneOf("lazy", "eager")).def("lazy"), // Nexo: see MCP_SERVER
            f("servers", mapOf(MCP_SERVER)),
            f("resource_cache", obj(f("enabled", BOOL).def(true), f("ttl", DURATION).def("30s"),
                    f("max_entries", INT).def(256L))),
            strings("resource_uri_allowlist"),
            f("strict_root_paths", BOOL).def(false),
            f("context", obj(f("passthrough", BOOL).def(true))),
            f("sampling", obj(f("enabled", BOOL).def(false))),
            f("watch", obj(f("enabled", BOOL).def(false), f("debounce_ms", INT).def(200L))),
            // Nexo: respawn schedule of a crashed server (exponential backoff)
            f("restart", obj(f("initial_backoff_ms", INT).def(1000L), f("max_backoff_ms", INT).def(60000L))))));

    private static Field[] withFeatures(Field... fields) {
        Field[] all = java.util.Arrays.copyOf(fields, fields.length + FEATURE_SECTIONS.length);
        for (int i = 0; i < FEATURE_SECTIONS.length; i++) {
            all[fields.length + i] = f(FEATURE_SECTIONS[i], ANY);
        }
        return all;
    }
}

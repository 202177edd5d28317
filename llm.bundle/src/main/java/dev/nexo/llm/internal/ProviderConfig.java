package dev.nexo.llm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One LLM endpoint: an entry of {@code llm.yaml}'s {@code providers} map (the core maps it to a
 * factory configuration whose {@code name} is the map key). Shared by every provider kind; the
 * fields that only some kinds read say so.
 */
@ObjectClassDefinition(name = "Nexo LLM provider",
        description = "One LLM endpoint (an entry of llm.yaml's providers map): where to send chat requests, "
                + "with which key, how fast and how persistently.")
public @interface ProviderConfig {
    @AttributeDefinition(name = "Provider id", description = "The id agents name in model.provider; the key of "
            + "the providers map. Registered as the nexo.llm.provider.id service property.")
    String name();

    @AttributeDefinition(name = "Base URL", required = false, description = "Endpoint base URL without a trailing "
            + "slash. Empty means the vendor default (OpenAI https://api.openai.com/v1, DeepSeek "
            + "https://api.deepseek.com/v1, MiniMax https://api.minimax.io/v1, Anthropic https://api.anthropic.com, "
            + "Gemini https://generativelanguage.googleapis.com).")
    String base__url() default "";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "The API key; the core has already resolved ${VAR} and ${file:path}. Never logged.")
    String api__key() default "";

    @AttributeDefinition(name = "API key variable", required = false,
            description = "Name of an environment variable holding the key, used when api_key is empty.")
    String api__key__env() default "";

    @AttributeDefinition(name = "Wire flavour", required = false, description = "OpenAI-compatible kinds only: "
            + "openai_compat (default) or anthropic_messages (MiniMax Token Plan keys); a base URL ending in "
            + "/anthropic selects anthropic_messages.")
    String api__flavor() default "";

    @AttributeDefinition(name = "Chat path", required = false, description = "OpenAI-compatible kinds only: the "
            + "path under the base URL. Empty means /chat/completions (MiniMax: /text/chatcompletion_v2).")
    String chat__path() default "";

    @AttributeDefinition(name = "Requests per second", description = "Token-bucket rate limit for this provider; "
            + "0 disables it.")
    double rate__limit_requests__per__second() default 2.0;

    @AttributeDefinition(name = "Rate-limit attempts", description = "Attempts (the first included) while the "
            + "provider answers 429.")
    int retry_max__attempts() default 5;

    @AttributeDefinition(name = "Initial backoff (ms)", description = "Smallest delay between retries.")
    long retry_initial__backoff__ms() default 1000L;

    @AttributeDefinition(name = "Maximum backoff (ms)", description = "Largest delay between 429 retries; a "
            + "Retry-After above it is not waited for.")
    long retry_max__backoff__ms() default 60000L;

    @AttributeDefinition(name = "Server-error attempts", description = "Attempts (the first included) while the "
            + "provider answers 5xx, times out or cannot be reached.")
    int retry_server__max__attempts() default 3;

    @AttributeDefinition(name = "Maximum server backoff (ms)", description = "Largest delay between 5xx retries.")
    long retry_server__max__backoff__ms() default 30000L;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Per attempt: how long to wait for the "
            + "response headers.")
    long request__timeout__ms() default 120000L;

    @AttributeDefinition(name = "Default max tokens", description = "Anthropic only: max_tokens when the request "
            + "sets none (the Messages API requires it).")
    int default__max__tokens() default 4096;

    @AttributeDefinition(name = "Safety settings", required = false, description = "Gemini only: safetySettings "
            + "JSON array attached verbatim to requests.")
    String safety__settings() default "";
}

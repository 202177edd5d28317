package dev.nexo.api.llm;

import java.util.Locale;

/**
 * Classification of LLM failures, so the runtime can decide between retry, fallback and giving
 * up without parsing provider messages. Where the plugin contract defines a JSON-RPC code for a
 * kind, {@link #rpcCode()} returns it.
 */
public enum LlmErrorKind {
    /** Credentials missing, invalid or expired (HTTP 401/403). */
    AUTHENTICATION(-33102, false),
    /** Throttled (HTTP 429); honour {@link LlmException#retryAfter()}. */
    RATE_LIMITED(-33103, true),
    /** Prompt plus tools exceed the model's context window; compact and retry, do not just retry. */
    CONTEXT_OVERFLOW(-33105, false),
    /** The provider rejected the request as malformed (HTTP 400); retrying cannot help. */
    BAD_REQUEST(-32602, false),
    /** The model id is unknown to the provider. */
    MODEL_NOT_FOUND(-33104, false),
    /** No provider with the requested id is installed. */
    PROVIDER_NOT_FOUND(-32601, false),
    /** The provider answered with a server error (HTTP 5xx) or is overloaded. */
    UNAVAILABLE(-32603, true),
    /** The provider could not be reached (DNS, connect, TLS, dropped stream). */
    CONNECTION_FAILED(-33101, true),
    /** No answer within the deadline. */
    TIMEOUT(-32603, true),
    /** The provider's safety filter refused the request. */
    CONTENT_FILTERED(-32603, false),
    /** The caller cancelled the call. */
    CANCELLED(-32603, false),
    /** Anything not classified above. */
    UNKNOWN(-32603, false);

    private final int rpcCode;
    private final boolean retryable;

    LlmErrorKind(int rpcCode, boolean retryable) {
        this.rpcCode = rpcCode;
        this.retryable = retryable;
    }

    /** @return the snake_case wire name, e.g. {@code rate_limited} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the plugin-contract JSON-RPC code for this kind ({@code -32603} when it has none of its own) */
    public int rpcCode() {
        return rpcCode;
    }

    /** @return whether the same request may succeed if retried later */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * @param rpcCode a JSON-RPC error code returned by a subprocess LLM plugin
     * @return the kind; unknown codes give {@link #UNKNOWN}
     */
    public static LlmErrorKind fromRpcCode(int rpcCode) {
        switch (rpcCode) {
            case -33101: return CONNECTION_FAILED;
            case -33102: return AUTHENTICATION;
            case -33103: return RATE_LIMITED;
            case -33104: return MODEL_NOT_FOUND;
            case -33105: return CONTEXT_OVERFLOW;
            case -32602: return BAD_REQUEST;
            default: return UNKNOWN;
        }
    }
}

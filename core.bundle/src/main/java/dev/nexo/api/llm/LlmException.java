package dev.nexo.api.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A failed LLM call, delivered by completing the returned stage exceptionally. */
public class LlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final LlmErrorKind kind;
    private final String provider;
    private final transient Duration retryAfter;

    /**
     * @param kind failure class
     * @param message operator-readable message (never the API key)
     */
    public LlmException(LlmErrorKind kind, String message) {
        this(kind, null, message, null, null);
    }

    /**
     * @param kind failure class
     * @param provider provider id, or null
     * @param message operator-readable message (never the API key)
     * @param retryAfter provider-requested wait, or null when unknown
     * @param cause underlying failure, or null
     */
    public LlmException(LlmErrorKind kind, String provider, String message, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(kind, "kind").wireName() + (provider == null ? "" : " [" + provider + "]")
                + ": " + message, cause);
        this.kind = kind;
        this.provider = provider;
        this.retryAfter = retryAfter;
    }

    /** @return the failure class */
    public LlmErrorKind kind() {
        return kind;
    }

    /** @return the provider that failed, when known */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** @return how long the provider asked us to wait (e.g. HTTP {@code Retry-After}), when known */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return whether retrying later may succeed */
    public boolean isRetryable() {
        return kind.isRetryable();
    }
}

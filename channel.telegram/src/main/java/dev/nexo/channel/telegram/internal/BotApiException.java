package dev.nexo.channel.telegram.internal;

import java.time.Duration;
import java.util.Optional;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;

/**
 * A failed Bot API call: an {@code ok:false} answer (with Telegram's {@code error_code},
 * {@code description} and {@code parameters.retry_after}), a non-JSON answer, or a network error.
 * Messages never contain the token.
 */
final class BotApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** HTTP status, or 0 when no answer arrived. */
    private final int status;
    private final transient Duration retryAfter;
    /** For network errors: whether the request may have reached Telegram (then a retry could duplicate it). */
    private final boolean maybeDelivered;

    BotApiException(int status, String description, Duration retryAfter, boolean maybeDelivered, Throwable cause) {
        super(description, cause, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.maybeDelivered = maybeDelivered;
    }

    static BotApiException answer(int status, String description, Duration retryAfter) {
        return new BotApiException(status, description, retryAfter, true, null);
    }

    static BotApiException network(String what, boolean maybeDelivered, Throwable cause) {
        return new BotApiException(0, what, null, maybeDelivered, cause);
    }

    int status() {
        return status;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    boolean isRateLimited() {
        return status == 429;
    }

    /** 5xx and network errors say nothing about the request itself: worth another try. */
    boolean isServerOrNetwork() {
        return status >= 500 || status == 0;
    }

    /**
     * @return whether resending cannot produce a duplicate: Telegram answered 429 or 5xx (it did not
     *     act on the request), or the connection failed before the request was written
     */
    boolean isSafeToRetry() {
        return isRateLimited() || status >= 500 || (status == 0 && !maybeDelivered);
    }

    /** Whether the breaker should count it: the service is unwell, not merely strict or busy. */
    boolean countsAgainstBreaker() {
        return isServerOrNetwork();
    }

    boolean isUnauthorized() {
        return status == 401 || status == 404 && getMessage().contains("Not Found");
    }

    /** @return Telegram's "can't parse entities" answer to a bad parse_mode text */
    boolean isEntityParseError() {
        return status == 400 && getMessage().toLowerCase(java.util.Locale.ROOT).contains("can't parse entities");
    }

    /** @return the typed channel error an outbound caller sees */
    ChannelException toChannelException() {
        String text = status == 0 ? getMessage() : "telegram answered " + status + ": " + getMessage();
        ChannelErrorCode code;
        if (isRateLimited()) {
            code = ChannelErrorCode.RATE_LIMITED;
        } else if (isUnauthorized()) {
            code = ChannelErrorCode.AUTHENTICATION_FAILED;
        } else if (isServerOrNetwork()) {
            code = ChannelErrorCode.CONNECTION_FAILED;
        } else if (status == 403 || status == 400 && getMessage().toLowerCase(java.util.Locale.ROOT).contains("chat not found")) {
            code = ChannelErrorCode.RECIPIENT_INVALID;
        } else {
            code = ChannelErrorCode.FAILED;
        }
        return new ChannelException(code, text, retryAfter, null);
    }
}

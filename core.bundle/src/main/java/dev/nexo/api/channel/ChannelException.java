package dev.nexo.api.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A failed {@link Channel#send}, delivered by completing the returned stage exceptionally. */
public class ChannelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ChannelErrorCode code;
    private final transient Duration retryAfter;

    /**
     * @param code what went wrong
     * @param message operator-readable message
     */
    public ChannelException(ChannelErrorCode code, String message) {
        this(code, message, null, null);
    }

    /**
     * @param code what went wrong
     * @param message operator-readable message
     * @param retryAfter how long to wait before retrying, or null when unknown
     * @param cause underlying failure, or null
     */
    public ChannelException(ChannelErrorCode code, String message, Duration retryAfter, Throwable cause) {
        super(code.wireName() + ": " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryAfter = retryAfter;
    }

    /** @return the error code */
    public ChannelErrorCode code() {
        return code;
    }

    /** @return how long the remote service asked us to wait, when it said so */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

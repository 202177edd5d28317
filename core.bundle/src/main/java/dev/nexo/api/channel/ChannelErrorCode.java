package dev.nexo.api.channel;

import java.util.Locale;

/**
 * Why sending failed. Each code has the JSON-RPC error code the subprocess plugin contract uses for
 * it, so bridged plugins and in-process channels report failures the same way.
 */
public enum ChannelErrorCode {
    /** The remote service could not be reached. Retryable. */
    CONNECTION_FAILED(-33001, true),
    /** Credentials were rejected. Not retryable until an operator acts. */
    AUTHENTICATION_FAILED(-33002, false),
    /** The recipient does not exist or cannot be messaged. */
    RECIPIENT_INVALID(-33003, false),
    /** The service throttled us; see {@link ChannelException#retryAfter()}. Retryable. */
    RATE_LIMITED(-33004, true),
    /** The message needs a feature the channel lacks (media, location, ...). */
    UNSUPPORTED_FEATURE(-33005, false),
    /** The channel is stopped or not yet connected. Retryable. */
    UNAVAILABLE(-33006, true),
    /** Any other failure. */
    FAILED(-33099, false);

    private final int rpcCode;
    private final boolean retryable;

    ChannelErrorCode(int rpcCode, boolean retryable) {
        this.rpcCode = rpcCode;
        this.retryable = retryable;
    }

    /** @return the plugin-contract JSON-RPC error code */
    public int rpcCode() {
        return rpcCode;
    }

    /** @return whether retrying the same message later may succeed */
    public boolean isRetryable() {
        return retryable;
    }

    /** @return the snake_case wire name, e.g. {@code rate_limited} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param rpcCode a JSON-RPC error code from a plugin
     * @return the matching code, {@link #UNSUPPORTED_FEATURE} for -32601 (method not found),
     *     {@link #FAILED} for anything else
     */
    public static ChannelErrorCode fromRpcCode(int rpcCode) {
        if (rpcCode == -32601) {
            return UNSUPPORTED_FEATURE;
        }
        for (ChannelErrorCode c : values()) {
            if (c.rpcCode == rpcCode) {
                return c;
            }
        }
        return FAILED;
    }
}

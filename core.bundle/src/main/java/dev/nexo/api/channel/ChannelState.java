package dev.nexo.api.channel;

/** Connection state of a {@link Channel}, as shown in health checks and the admin API. */
public enum ChannelState {
    /** Activated, not yet connected. */
    STARTING,
    /** Connected and able to send and receive. */
    CONNECTED,
    /** Lost its connection and is retrying with backoff. */
    RECONNECTING,
    /** Not connected and not retrying right now (e.g. remote outage after retries). */
    DISCONNECTED,
    /** Credentials were rejected or expired; an operator must re-pair or re-configure. */
    CREDENTIALS_EXPIRED,
    /** Deactivated. */
    STOPPED;

    /** @return whether the channel can currently send */
    public boolean canSend() {
        return this == CONNECTED;
    }
}

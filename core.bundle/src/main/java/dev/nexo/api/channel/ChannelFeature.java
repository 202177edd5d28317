package dev.nexo.api.channel;

/** Optional sending abilities a {@link Channel} may have beyond plain text. */
public enum ChannelFeature {
    /** Sends attachments (photos, documents, voice). */
    MEDIA,
    /** Replies quoting an earlier message. */
    REPLY,
    /** Posts into sub-threads (Telegram topics, email threads). */
    THREADS,
    /** Renders {@code TextFormat.MARKDOWN} or {@code HTML}. */
    FORMATTING,
    /** Sends shared locations. */
    LOCATION,
    /** Reports delivered/read receipts after sending. */
    DELIVERY_RECEIPTS
}

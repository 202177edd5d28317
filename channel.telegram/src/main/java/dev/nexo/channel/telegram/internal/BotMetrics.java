package dev.nexo.channel.telegram.internal;

/** A bot's registered meters; {@link #close()} removes them. */
@FunctionalInterface
interface BotMetrics extends AutoCloseable {
    @Override
    void close();
}

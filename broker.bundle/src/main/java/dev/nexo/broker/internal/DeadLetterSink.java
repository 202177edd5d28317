package dev.nexo.broker.internal;

import dev.nexo.api.event.Event;

/** Where failed and malformed events go. */
interface DeadLetterSink {
    /** A handler failed on {@code event} {@code attempts} times. */
    void handlerFailed(Event event, String subscription, Throwable error, int attempts);

    /** A message could not be read as an event; {@code raw} is its text. */
    void malformed(String topic, String subscription, String raw, String error);

    /** A spooled publish failed {@code attempts} times; {@code wire} is its stored form. */
    void spoolFailed(String topic, String wire, String error, int attempts);
}

package dev.nexo.broker.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.nexo.api.event.Event;

/** A {@link DeadLetterSink} that remembers what it was given. */
final class RecordingSink implements DeadLetterSink {
    record Entry(String kind, String topic, String eventId, String error, int attempts) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void handlerFailed(Event event, String subscription, Throwable error, int attempts) {
        entries.add(new Entry("handler", event.topic(), event.id(), error.toString(), attempts));
    }

    @Override
    public void malformed(String topic, String subscription, String raw, String error) {
        entries.add(new Entry("malformed", topic, null, error, 0));
    }

    @Override
    public void spoolFailed(String topic, String wire, String error, int attempts) {
        entries.add(new Entry("spool", topic, null, error, attempts));
    }
}

package dev.nexo.broker.internal;

import dev.nexo.api.event.Event;

/** Shared bits of the benchmarks. */
final class Bench {
    static final DeadLetterSink NO_DEAD_LETTERS = new DeadLetterSink() {
        @Override
        public void handlerFailed(Event event, String subscription, Throwable error, int attempts) {
        }

        @Override
        public void malformed(String topic, String subscription, String raw, String error) {
        }

        @Override
        public void spoolFailed(String topic, String wire, String error, int attempts) {
        }
    };

    private Bench() {
    }
}

package dev.nexo.llm.internal;

/**
 * Server-sent events, line by line (WHATWG rules): {@code event:} and {@code data:} fields, several
 * data lines joined by a newline, a blank line dispatches, {@code :} starts a comment, one space
 * after the colon is dropped, other fields ({@code id}, {@code retry}) are ignored. Not thread-safe;
 * fed from one stream.
 */
final class SseParser {
    /** Receives one dispatched event. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param event the event type, {@code message} when the stream named none
         * @param data the data lines joined with newlines
         */
        void onEvent(String event, String data);
    }

    private final Handler handler;
    private final StringBuilder data = new StringBuilder();
    private String event;
    private boolean hasData;

    SseParser(Handler handler) {
        this.handler = handler;
    }

    /** @param line one line without its terminator ({@code \r} is tolerated) */
    void line(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (l.isEmpty()) {
            dispatch();
            return;
        }
        if (l.charAt(0) == ':') {
            return;
        }
        int colon = l.indexOf(':');
        String field = colon < 0 ? l : l.substring(0, colon);
        String value = colon < 0 ? "" : l.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if ("data".equals(field)) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if ("event".equals(field)) {
            event = value;
        }
    }

    /** Dispatches a pending event whose blank line never came (the stream just ended). */
    void end() {
        dispatch();
    }

    private void dispatch() {
        if (hasData) {
            String type = event == null || event.isEmpty() ? "message" : event;
            String payload = data.toString();
            data.setLength(0);
            hasData = false;
            event = null;
            handler.onEvent(type, payload);
        } else {
            event = null;
        }
    }
}

package dev.nexo.llm.internal;

import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams tool calls together from their deltas, for every wire that sends a call in pieces keyed
 * by an index (OpenAI {@code tool_calls[].index}, Anthropic {@code content_block} index): a call is
 * started once, its argument JSON is appended piece by piece, and ending it adds the whole
 * {@link ToolCall} (arguments {@code {}} when none came) to the answer. The listener hears
 * {@code onToolCallStart}, each {@code onToolCallArgumentsDelta} and {@code onToolCallEnd}, in that
 * order. One instance per streamed answer; not thread-safe (a stream is decoded on one thread).
 */
final class ToolCallAccumulator {
    private final LlmStreamListener listener;
    private final List<ToolCall> done;
    private final Map<Integer, Open> open = new LinkedHashMap<>();

    private record Open(String id, String name, StringBuilder arguments) {
    }

    /**
     * @param listener hears the calls as they stream
     * @param done where ended calls go (the answer's tool calls)
     */
    ToolCallAccumulator(LlmStreamListener listener, List<ToolCall> done) {
        this.listener = listener;
        this.done = done;
    }

    /** @return whether a call is open at {@code index} */
    boolean isOpen(int index) {
        return open.containsKey(index);
    }

    /** @return whether any call is still open */
    boolean anyOpen() {
        return !open.isEmpty();
    }

    /** Starts the call at {@code index}. */
    void start(int index, String id, String name) {
        open.put(index, new Open(id, name, new StringBuilder()));
        listener.onToolCallStart(id, name);
    }

    /** Appends a piece of the argument JSON of the open call at {@code index}. */
    void append(int index, String piece) {
        Open call = open.get(index);
        call.arguments().append(piece);
        listener.onToolCallArgumentsDelta(call.id(), piece);
    }

    /** Ends the call at {@code index}, if one is open. */
    void end(int index) {
        Open call = open.remove(index);
        if (call != null) {
            String json = call.arguments().toString();
            done.add(new ToolCall(call.id(), call.name(), json.isBlank() ? "{}" : json));
            listener.onToolCallEnd(call.id());
        }
    }

    /** Ends every open call, in the order they started. */
    void endAll() {
        for (Integer index : new ArrayList<>(open.keySet())) {
            end(index);
        }
    }
}

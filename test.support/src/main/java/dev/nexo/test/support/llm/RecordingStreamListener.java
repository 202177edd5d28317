package dev.nexo.test.support.llm;

import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes down every stream callback as a short readable string, in the order they came:
 * {@code text:<delta>}, {@code start:<callId>:<tool>}, {@code args:<callId>:<delta>},
 * {@code end:<callId>}, {@code usage:<prompt>/<completion>}. Tests compare {@link #events()} with
 * the list they expect, so a missing, extra or reordered callback shows in the failure.
 */
public final class RecordingStreamListener implements LlmStreamListener {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** @return the callbacks so far, oldest first (a snapshot) */
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void onTextDelta(String delta) {
        events.add("text:" + delta);
    }

    @Override
    public void onToolCallStart(String callId, String toolName) {
        events.add("start:" + callId + ":" + toolName);
    }

    @Override
    public void onToolCallArgumentsDelta(String callId, String argumentsDelta) {
        events.add("args:" + callId + ":" + argumentsDelta);
    }

    @Override
    public void onToolCallEnd(String callId) {
        events.add("end:" + callId);
    }

    @Override
    public void onUsage(Usage usage) {
        events.add("usage:" + usage.promptTokens() + "/" + usage.completionTokens());
    }
}

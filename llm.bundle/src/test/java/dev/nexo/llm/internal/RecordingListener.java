package dev.nexo.llm.internal;

import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records stream callbacks as readable strings, in order. */
final class RecordingListener implements LlmStreamListener {
    final List<String> events = new CopyOnWriteArrayList<>();

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

package dev.nexo.llm.internal;

import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.Usage;
import java.util.ArrayList;
import java.util.List;

/** Collects the parts of an answer (whole or streamed) and builds the {@link ChatResponse}. */
final class Answer {
    final StringBuilder text = new StringBuilder();
    final List<ToolCall> toolCalls = new ArrayList<>();
    FinishReason finish;
    String finishDetail;
    Usage usage = Usage.ZERO;
    String model;

    /** @return the response; tool calls win over the reported finish reason, as the runtime must run them */
    ChatResponse build() {
        ChatResponse r;
        if (!toolCalls.isEmpty()) {
            r = ChatResponse.toolCalls(text.toString(), toolCalls, usage);
        } else {
            FinishReason reason = finish == null || finish == FinishReason.TOOL_USE ? FinishReason.OTHER : finish;
            if (finish == null && finishDetail == null) {
                reason = FinishReason.STOP;
            }
            r = ChatResponse.text(text.toString(), reason, usage);
        }
        if (finishDetail != null) {
            r = r.withFinishDetail(finishDetail);
        }
        return model == null || model.isEmpty() ? r : r.withModel(model);
    }
}

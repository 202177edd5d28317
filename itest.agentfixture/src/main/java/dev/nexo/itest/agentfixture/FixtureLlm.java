package dev.nexo.itest.agentfixture;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.FinishReason;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.LlmProviderId;
import dev.nexo.api.llm.Role;
import dev.nexo.api.llm.ToolCall;
import dev.nexo.api.llm.ToolSpec;
import dev.nexo.api.llm.Usage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;

/** A rule-based LLM answering instantly; see the module README for the rules. */
@Component(service = LlmProvider.class)
@LlmProviderId("stub")
public class FixtureLlm implements LlmProvider {
    @Override
    public String id() {
        return "stub";
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        ChatMessage last = messages.get(messages.size() - 1);
        if (last.role() == Role.TOOL) {
            return done(text("tool said: " + last.content()));
        }
        String text = last.content();
        int at = text.indexOf("#tool ");
        if (at >= 0) {
            String name = text.substring(at + 6).trim().split("\\s+")[0];
            return done(ChatResponse.toolCalls("", List.of(new ToolCall("call_1", name, "{\"city\":\"Lima\"}")),
                    Usage.of(12, 3)));
        }
        String tools = request.tools().stream().map(ToolSpec::name).sorted().collect(Collectors.joining(","));
        return done(text("echo: " + text + " [tools: " + tools + "]"));
    }

    private static ChatResponse text(String s) {
        return ChatResponse.text(s, FinishReason.STOP, Usage.of(12, 3));
    }

    private static CompletionStage<ChatResponse> done(ChatResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}

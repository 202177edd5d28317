package dev.nexo.api.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model's answer: text, or tool calls (with possibly some text), plus why it stopped and what
 * it cost. Mirrors the {@code llm.chat} result
 * {@code {content, usage, finish_reason{kind, reason?}, cache_usage?}}.
 */
public final class ChatResponse {
    private final String text;
    private final List<ToolCall> toolCalls;
    private final FinishReason finishReason;
    private final String finishDetail;
    private final Usage usage;
    private final String model;

    private ChatResponse(String text, List<ToolCall> toolCalls, FinishReason finishReason, String finishDetail,
            Usage usage, String model) {
        this.text = Objects.requireNonNull(text, "text");
        this.toolCalls = List.copyOf(toolCalls);
        this.finishReason = Objects.requireNonNull(finishReason, "finishReason");
        this.finishDetail = finishDetail;
        this.usage = Objects.requireNonNull(usage, "usage");
        this.model = model;
        if (finishReason == FinishReason.TOOL_USE && this.toolCalls.isEmpty()) {
            throw new IllegalArgumentException("finish reason tool_use needs at least one tool call");
        }
    }

    /**
     * @param text the answer
     * @param finishReason why generation stopped
     * @param usage tokens used
     * @return a text answer
     */
    public static ChatResponse text(String text, FinishReason finishReason, Usage usage) {
        return new ChatResponse(text, List.of(), finishReason, null, usage, null);
    }

    /**
     * @param text accompanying text, possibly empty
     * @param toolCalls the requested calls, at least one
     * @param usage tokens used
     * @return a tool-use answer
     */
    public static ChatResponse toolCalls(String text, List<ToolCall> toolCalls, Usage usage) {
        return new ChatResponse(text, toolCalls, FinishReason.TOOL_USE, null, usage, null);
    }

    /**
     * @param detail the provider's own finish reason text (for {@link FinishReason#OTHER}), or null
     * @return a copy carrying the detail
     */
    public ChatResponse withFinishDetail(String detail) {
        return new ChatResponse(text, toolCalls, finishReason, detail, usage, model);
    }

    /**
     * @param model the model that actually answered (providers may route aliases), or null
     * @return a copy naming the model
     */
    public ChatResponse withModel(String model) {
        return new ChatResponse(text, toolCalls, finishReason, finishDetail, usage, model);
    }

    /** @return the text, possibly empty */
    public String text() {
        return text;
    }

    /** @return requested tool calls, unmodifiable */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** @return whether the runtime must run tools and call the model again */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** @return why generation stopped */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** @return the provider's own wording of the finish reason, when any */
    public Optional<String> finishDetail() {
        return Optional.ofNullable(finishDetail);
    }

    /** @return tokens used */
    public Usage usage() {
        return usage;
    }

    /** @return the model that answered, when the provider reported it */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** @return this response as an assistant message for the conversation history */
    public ChatMessage toMessage() {
        return ChatMessage.assistant(text, toolCalls);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChatResponse)) {
            return false;
        }
        ChatResponse r = (ChatResponse) o;
        return text.equals(r.text) && toolCalls.equals(r.toolCalls) && finishReason == r.finishReason
                && Objects.equals(finishDetail, r.finishDetail) && usage.equals(r.usage) && Objects.equals(model, r.model);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, toolCalls, finishReason, usage);
    }

    @Override
    public String toString() {
        return "ChatResponse[" + finishReason.wireName() + ", " + toolCalls.size() + " calls, " + usage + ']';
    }
}

package dev.nexo.api.llm;

import dev.nexo.api.event.Ids;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation sent to the model. Create through the static factories, which
 * enforce the role rules: only {@link Role#ASSISTANT} messages carry tool calls, and every
 * {@link Role#TOOL} message answers one tool call by id.
 */
public final class ChatMessage {
    private final Role role;
    private final String content;
    private final List<ToolCall> toolCalls;
    private final String toolCallId;

    private ChatMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId) {
        this.role = role;
        this.content = Objects.requireNonNull(content, "content");
        this.toolCalls = List.copyOf(toolCalls);
        this.toolCallId = toolCallId;
    }

    /** @return a system message */
    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content, List.of(), null);
    }

    /** @return a user message */
    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content, List.of(), null);
    }

    /** @return an assistant message with text only */
    public static ChatMessage assistant(String content) {
        return new ChatMessage(Role.ASSISTANT, content, List.of(), null);
    }

    /**
     * @param content text the model produced alongside the calls, possibly empty
     * @param toolCalls the calls the model requested
     * @return an assistant message echoing the model's tool calls back into the history
     */
    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(Role.ASSISTANT, content, toolCalls, null);
    }

    /**
     * @param toolCallId the id of the {@link ToolCall} answered
     * @param content the tool's output (text or JSON text)
     * @return a tool-result message
     */
    public static ChatMessage toolResult(String toolCallId, String content) {
        return new ChatMessage(Role.TOOL, content, List.of(), Ids.require(toolCallId, "tool call id"));
    }

    /** @return the author role */
    public Role role() {
        return role;
    }

    /** @return the text content, possibly empty */
    public String content() {
        return content;
    }

    /** @return tool calls of an assistant message, unmodifiable; empty otherwise */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** @return the answered tool call id, present exactly for {@link Role#TOOL} */
    public Optional<String> toolCallId() {
        return Optional.ofNullable(toolCallId);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ChatMessage)) {
            return false;
        }
        ChatMessage m = (ChatMessage) o;
        return role == m.role && content.equals(m.content) && toolCalls.equals(m.toolCalls)
                && Objects.equals(toolCallId, m.toolCallId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content, toolCalls, toolCallId);
    }

    @Override
    public String toString() {
        return "ChatMessage[" + role.wireName() + ", " + content.length() + " chars, " + toolCalls.size() + " calls]";
    }
}

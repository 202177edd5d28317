package dev.nexo.core.internal.agent.prompt;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.core.internal.agent.TurnPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompt composition as the seed describes it: the agent's {@code system_prompt}, then the
 * binding's {@code system_prompt_extra} as {@code # CHANNEL ADDENDUM}, then (last, for recency)
 * {@code # OUTPUT LANGUAGE} with the language sanitised (control characters and newlines removed,
 * trimmed, at most 64 characters; blank = no block). Then the session history and the user's
 * message, with media and location described in text.
 */
public final class PromptComposer {
    /** Longest language directive the seed allows. */
    public static final int MAX_LANGUAGE = 64;

    private PromptComposer() {
    }

    /**
     * @param policy the turn's policy
     * @return the system message text
     */
    public static String system(TurnPolicy policy) {
        StringBuilder sb = new StringBuilder(policy.agent().systemPrompt().strip());
        String extra = policy.channelAddendum();
        if (extra != null && !extra.isBlank()) {
            section(sb, "# CHANNEL ADDENDUM").append(extra.strip());
        }
        String language = sanitiseLanguage(policy.language());
        if (!language.isEmpty()) {
            section(sb, "# OUTPUT LANGUAGE").append("Reply in ").append(language).append('.');
        }
        return sb.toString();
    }

    /**
     * @param policy the turn's policy
     * @param history earlier turns, oldest first
     * @param userText what the user said, as the LLM should see it
     * @return system message, history, user message
     */
    public static List<ChatMessage> messages(TurnPolicy policy, List<ChatMessage> history, String userText) {
        return messages(policy, history, userText, "");
    }

    /**
     * As {@link #messages(TurnPolicy, List, String)}, with the automatic recall's {@code # MEMORY}
     * block put in front of the user's message (under {@code # MESSAGE}), not in the system
     * message: the system prompt and history stay a stable, cacheable prefix, and the session
     * records only what the user said.
     *
     * @param memory the {@link AutoRecall} block, or empty
     */
    public static List<ChatMessage> messages(TurnPolicy policy, List<ChatMessage> history, String userText,
            String memory) {
        if (memory != null && !memory.isEmpty()) {
            userText = memory + "\n\n# MESSAGE\n" + userText;
        }
        List<ChatMessage> out = new ArrayList<>(history.size() + 2);
        String system = system(policy);
        if (!system.isEmpty()) {
            out.add(ChatMessage.system(system));
        }
        out.addAll(history);
        out.add(ChatMessage.user(userText));
        return out;
    }

    /**
     * @param message an inbound message with content
     * @return its text with attachments and location described, for the LLM
     */
    public static String userText(InboundMessage message) {
        if (message.attachments().isEmpty() && message.location().isEmpty()) {
            return message.text();
        }
        StringBuilder sb = new StringBuilder(message.text());
        for (Attachment a : message.attachments()) {
            line(sb).append("[attachment: ").append(a.kind().name().toLowerCase(Locale.ROOT));
            a.fileName().ifPresent(n -> sb.append(' ').append(n));
            a.caption().ifPresent(c -> sb.append(" — ").append(c));
            sb.append(']');
        }
        message.location().ifPresent(l -> line(sb).append("[location: ").append(l).append(']'));
        return sb.toString();
    }

    /**
     * @param language configured language, or null
     * @return one line of at most {@value #MAX_LANGUAGE} characters, or empty
     */
    public static String sanitiseLanguage(String language) {
        if (language == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < language.length(); i++) {
            char c = language.charAt(i);
            if (!Character.isISOControl(c)) {
                sb.append(c);
            }
        }
        String s = sb.toString().strip();
        return s.length() > MAX_LANGUAGE ? s.substring(0, MAX_LANGUAGE).strip() : s;
    }

    private static StringBuilder section(StringBuilder sb, String title) {
        if (sb.length() > 0) {
            sb.append("\n\n");
        }
        return sb.append(title).append('\n');
    }

    private static StringBuilder line(StringBuilder sb) {
        return sb.length() > 0 ? sb.append('\n') : sb;
    }
}

package dev.nexo.api.hook;

import dev.nexo.api.event.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * A hook's verdict (wire {@code HookResponse}: {@code decision allow|block|transform},
 * {@code reason}, {@code transformed_body}, {@code override}, {@code do_not_reply_again}).
 * Outcomes other than {@link Action#CONTINUE} are honoured only at points where
 * {@link HookPoint#canIntervene()}; elsewhere the core logs and continues.
 */
public final class HookOutcome {
    /** What the hook wants. */
    public enum Action {
        /** Go on unchanged. */
        CONTINUE,
        /** Stop the turn (before_message) or the tool call (before_tool_call). */
        BLOCK,
        /** Replace the inbound text (before_message). */
        TRANSFORM,
        /** Replace the tool arguments (before_tool_call). */
        OVERRIDE_ARGUMENTS
    }

    private static final HookOutcome CONTINUE = new HookOutcome(Action.CONTINUE, null, null, false);

    private final Action action;
    private final String reason;
    private final String replacement;
    private final boolean doNotReplyAgain;

    private HookOutcome(Action action, String reason, String replacement, boolean doNotReplyAgain) {
        this.action = action;
        this.reason = reason;
        this.replacement = replacement;
        this.doNotReplyAgain = doNotReplyAgain;
    }

    /** @return the shared "go on" outcome */
    public static HookOutcome proceed() {
        return CONTINUE;
    }

    /**
     * @param reason operator-readable reason, audited
     * @param doNotReplyAgain whether the core should also suppress pending auto-replies for the
     *     conversation (anti-loop, opt-out)
     * @return a block outcome
     */
    public static HookOutcome block(String reason, boolean doNotReplyAgain) {
        return new HookOutcome(Action.BLOCK, requireReason(reason), null, doNotReplyAgain);
    }

    /**
     * @param newText the text the agent should see instead (e.g. with PII redacted)
     * @param reason why, or null
     * @return a transform outcome
     */
    public static HookOutcome transform(String newText, String reason) {
        return new HookOutcome(Action.TRANSFORM, reason, Objects.requireNonNull(newText, "newText"), false);
    }

    /**
     * @param argumentsJson the complete replacement arguments object as JSON text
     * @param reason why, or null
     * @return an override outcome
     */
    public static HookOutcome overrideArguments(String argumentsJson, String reason) {
        String json = Json.require(argumentsJson, "override arguments");
        if (json.strip().charAt(0) != '{') {
            throw new IllegalArgumentException("override arguments must be a JSON object");
        }
        return new HookOutcome(Action.OVERRIDE_ARGUMENTS, reason, json, false);
    }

    /** @return the action */
    public Action action() {
        return action;
    }

    /** @return the reason, when given */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** @return the new text, for {@link Action#TRANSFORM} */
    public Optional<String> transformedText() {
        return action == Action.TRANSFORM ? Optional.of(replacement) : Optional.empty();
    }

    /** @return the new arguments JSON, for {@link Action#OVERRIDE_ARGUMENTS} */
    public Optional<String> overriddenArguments() {
        return action == Action.OVERRIDE_ARGUMENTS ? Optional.of(replacement) : Optional.empty();
    }

    /** @return whether pending auto-replies for the conversation should be suppressed */
    public boolean doNotReplyAgain() {
        return doNotReplyAgain;
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a block outcome needs a reason");
        }
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HookOutcome)) {
            return false;
        }
        HookOutcome h = (HookOutcome) o;
        return action == h.action && Objects.equals(reason, h.reason) && Objects.equals(replacement, h.replacement)
                && doNotReplyAgain == h.doNotReplyAgain;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, reason, replacement, doNotReplyAgain);
    }

    @Override
    public String toString() {
        return "HookOutcome[" + action + (reason == null ? "" : ", " + reason) + ']';
    }
}

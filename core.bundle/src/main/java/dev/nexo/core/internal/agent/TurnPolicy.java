package dev.nexo.core.internal.agent;

import java.util.List;
import java.util.Map;

/**
 * What one turn may do: the agent's config with its binding's overrides applied (replace for
 * lists and maps, append for the channel addendum, binding → agent precedence for the language).
 * Bindingless turns (delegation, heartbeat) use the agent's own values.
 *
 * @param agent the agent config the turn started with
 * @param binding the matched binding, or null on bindingless paths
 * @param model effective model id
 * @param allowedTools effective tool globs (empty = all)
 * @param outboundAllowlist effective outbound allowlist
 * @param channelAddendum the binding's {@code system_prompt_extra}, or null
 * @param language effective output language, or null / blank for none
 * @param allowedDelegates effective delegation globs
 */
public record TurnPolicy(AgentConfig agent, Binding binding, String model, List<String> allowedTools,
        Map<String, List<String>> outboundAllowlist, String channelAddendum, String language,
        List<String> allowedDelegates) {

    /**
     * @param agent the agent
     * @param binding the binding, or null
     * @return the merged policy
     */
    public static TurnPolicy of(AgentConfig agent, Binding binding) {
        if (binding == null) {
            return new TurnPolicy(agent, null, agent.model(), agent.allowedTools(), agent.outboundAllowlist(), null,
                    agent.language(), agent.allowedDelegates());
        }
        return new TurnPolicy(agent, binding, or(binding.model(), agent.model()),
                star(or(binding.allowedTools(), agent.allowedTools())),
                or(binding.outboundAllowlist(), agent.outboundAllowlist()), binding.systemPromptExtra(),
                or(binding.language(), agent.language()), or(binding.allowedDelegates(), agent.allowedDelegates()));
    }

    /** @return whether the tool may be offered to and run for this turn */
    public boolean toolAllowed(String name) {
        return Globs.allows(allowedTools, name);
    }

    /**
     * @param kind channel kind
     * @param recipient recipient id
     * @return whether the allowlist lets this turn send to {@code recipient} on {@code kind}
     *     (no list or an empty list for the kind = unrestricted)
     */
    public boolean recipientAllowed(String kind, String recipient) {
        List<String> allowed = outboundAllowlist.get(kind);
        return allowed == null || allowed.isEmpty() || allowed.contains(recipient);
    }

    /**
     * @param kind channel kind
     * @return whether this turn has an account to send on {@code kind}: {@code credentials} for it,
     *     or a binding on it (the same rule the outbound path enforces)
     */
    public boolean canSendOn(String kind) {
        return agent.credentials().containsKey(kind) || binding != null && binding.plugin().equals(kind);
    }

    /**
     * @param kind channel kind
     * @return the instance the agent must send through on {@code kind}: its {@code credentials} pin,
     *     else the binding's own instance when the binding is on that kind, else null (no pin)
     */
    public String pinnedInstance(String kind) {
        String pinned = agent.credentials().get(kind);
        if (pinned != null) {
            return pinned;
        }
        return binding != null && binding.plugin().equals(kind) ? binding.instance() : null;
    }

    private static <T> T or(T first, T second) {
        return first != null ? first : second;
    }

    /** A binding's {@code ["*"]} means "all", which the glob list expresses as empty. */
    private static List<String> star(List<String> globs) {
        return globs.contains("*") ? List.of() : globs;
    }
}

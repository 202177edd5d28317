package dev.nexo.core.internal.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code inbound_bindings} entry. Override fields are null when the binding inherits the
 * agent's value (the seed's "omitted field inherits" rule).
 *
 * @param plugin channel kind, e.g. {@code telegram}
 * @param instance channel instance, or null (matches only the bare {@code plugin.inbound.<kind>})
 * @param allowedTools replacement tool allowlist, or null
 * @param outboundAllowlist replacement outbound allowlist (whole map), or null
 * @param systemPromptExtra text appended as {@code # CHANNEL ADDENDUM}, or null
 * @param model replacement model id (same provider), or null
 * @param language replacement output language ({@code ""} suppresses it), or null
 * @param allowedDelegates replacement delegation allowlist, or null
 * @param pairingRequired whether the binding asks for DM pairing before messages reach the agent
 */
public record Binding(String plugin, String instance, List<String> allowedTools,
        Map<String, List<String>> outboundAllowlist, String systemPromptExtra, String model, String language,
        List<String> allowedDelegates, boolean pairingRequired) {
    /** Requires the plugin. */
    public Binding {
        Objects.requireNonNull(plugin, "binding plugin");
    }

    /**
     * @param kind inbound channel kind
     * @param inst inbound channel instance, or null for the bare topic
     * @return whether this binding takes messages from that channel (exact match)
     */
    public boolean matches(String kind, String inst) {
        return plugin.equals(kind) && Objects.equals(instance, inst);
    }

    /** @return {@code <plugin>:<instance>}, the binding id of {@code _meta.nexo.binding} */
    public String id() {
        return plugin + ':' + (instance == null ? "default" : instance);
    }
}

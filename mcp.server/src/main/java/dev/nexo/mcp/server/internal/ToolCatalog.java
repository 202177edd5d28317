package dev.nexo.mcp.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.Provenance;
import dev.nexo.api.trust.TrustPolicy;

/**
 * Which Nexo tools an agent sees over MCP. A tool is listed when the trust policy knows its
 * capability, it is not a proxy (MCP-server or subprocess-plugin provenance) unless
 * {@code expose_proxies}, memory and channel tools are enabled, it matches the allowlist, and it
 * matches the agent's own entries when it has some. What is not listed cannot be called: such a
 * call gets the same {@code not_allowed} error as an unknown name (no enumeration).
 */
final class ToolCatalog {
    private final Map<String, Tool> tools = new ConcurrentHashMap<>();
    private final TrustPolicy trust;
    private final Policy policy;
    /** The allowlist and each agent's entries, compiled once per configuration. */
    private final List<Pattern> allow;
    private final Map<String, List<Pattern>> perAgent = new HashMap<>();

    /** The filters, from the configuration. */
    record Policy(List<String> allowlist, List<String> agentTools, boolean exposeProxies, boolean exposeMemory,
            boolean exposeMessaging) {
    }

    ToolCatalog(TrustPolicy trust, Policy policy) {
        this.trust = trust;
        this.policy = policy;
        this.allow = policy.allowlist().stream().map(Globs::compile).toList();
        for (String entry : policy.agentTools()) {
            int colon = entry.indexOf(':');
            if (colon > 0) {
                perAgent.computeIfAbsent(entry.substring(0, colon), k -> new ArrayList<>()).add(Globs.compile(entry.substring(colon + 1)));
            }
        }
    }

    void add(Tool tool) {
        tools.put(tool.descriptor().name(), tool);
    }

    void remove(Tool tool) {
        tools.values().remove(tool);
    }

    /** @return the tools {@code who} may see, sorted by name */
    List<Tool> visible(AgentPrincipal who) {
        List<Tool> out = new ArrayList<>();
        for (Tool t : tools.values()) {
            if (allowed(t, who)) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(t -> t.descriptor().name()));
        return out;
    }

    /** @return the tool named {@code name}, when {@code who} may see it */
    Optional<Tool> find(String name, AgentPrincipal who) {
        Tool t = name == null ? null : tools.get(name);
        return t != null && allowed(t, who) ? Optional.of(t) : Optional.empty();
    }

    Collection<Tool> all() {
        return tools.values();
    }

    private boolean allowed(Tool tool, AgentPrincipal who) {
        String name = tool.descriptor().name();
        Optional<Capability> cap = trust.capability(tool.descriptor().capabilityId());
        if (cap.isEmpty()) {
            return false; // not (yet) under the trust policy: never exposed
        }
        Provenance p = cap.get().provenance();
        if ((p == Provenance.MCP_SERVER || p == Provenance.SUBPROCESS_PLUGIN) && !policy.exposeProxies()) {
            return false;
        }
        if (name.startsWith("memory_") && !policy.exposeMemory()) {
            return false;
        }
        if (cap.get().owner().startsWith("dev.nexo.channel.") && !policy.exposeMessaging()) {
            return false;
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(g -> g.matcher(name).matches())) {
            return false;
        }
        List<Pattern> own = perAgent.get(who.agentId());
        return own == null || own.stream().anyMatch(g -> g.matcher(name).matches());
    }
}

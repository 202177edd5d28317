package dev.nexo.mcp.server.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    /** The filters, from the configuration. */
    record Policy(List<String> allowlist, List<String> agentTools, boolean exposeProxies, boolean exposeMemory,
            boolean exposeMessaging) {
    }

    ToolCatalog(TrustPolicy trust, Policy policy) {
        this.trust = trust;
        this.policy = policy;
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
        if (!policy.allowlist().isEmpty() && policy.allowlist().stream().noneMatch(g -> Globs.matches(g, name))) {
            return false;
        }
        String prefix = who.agentId() + ':';
        List<String> own = policy.agentTools().stream().filter(e -> e.startsWith(prefix)).map(e -> e.substring(prefix.length())).toList();
        return own.isEmpty() || own.stream().anyMatch(g -> Globs.matches(g, name));
    }
}

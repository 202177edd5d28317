package dev.nexo.plugin.host.internal.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Translates a legacy (v1, flat) manifest into the v2 {@code [plugin]} table, as the nexo-rs book's
 * compatibility table says, and records a one-shot deprecation warning plus every field dropped.
 */
final class V1Translator {
    private static final List<String> DROPPED_TOP = List.of("mcp_servers", "outbound_bindings", "context");

    private V1Translator() {
    }

    static ObjectNode translate(ObjectNode root, List<String> warnings) {
        warnings.add("manifest_version 1 (legacy flat shape) is deprecated: set manifest_version = 2 and move "
                + "[transport] to [plugin.entrypoint], [capabilities] to [plugin.capabilities]");
        JsonNode legacy = root.path("plugin");
        ObjectNode p = legacy.isObject() ? ((ObjectNode) legacy).deepCopy() : root.objectNode();
        if (p.has("min_agent_version")) {
            p.set("min_nexo_version", p.remove("min_agent_version"));
        }
        if (p.has("priority")) {
            p.remove("priority");
            warnings.add("legacy plugin.priority dropped");
        }
        JsonNode transport = root.path("transport");
        if (transport.isObject()) {
            String kind = transport.path("kind").asText("stdio");
            if ("stdio".equals(kind)) {
                ObjectNode entry = p.putObject("entrypoint");
                entry.set("command", transport.path("command"));
                if (transport.has("args")) {
                    entry.set("args", transport.get("args"));
                }
                if (transport.has("env")) {
                    entry.set("env", transport.get("env"));
                }
            } else {
                warnings.add("legacy [transport] kind '" + kind + "' is not supported by this host; dropped");
            }
        }
        JsonNode caps = root.path("capabilities");
        if (caps.isObject()) {
            ObjectNode c = ((ObjectNode) caps).deepCopy();
            for (String list : List.of("tools", "hooks", "channels", "providers", "pollers")) {
                if (c.remove(list) != null) {
                    warnings.add("legacy capabilities." + list + " dropped");
                }
            }
            p.set("capabilities", c);
        }
        if (root.path("meta").isObject()) {
            p.set("meta", root.get("meta"));
        }
        if (root.path("requires").isObject()) {
            p.set("requires", root.get("requires"));
        }
        for (String dropped : DROPPED_TOP) {
            if (root.has(dropped)) {
                warnings.add("legacy [" + dropped + "] dropped");
            }
        }
        return p;
    }
}

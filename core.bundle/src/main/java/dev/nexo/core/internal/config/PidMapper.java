package dev.nexo.core.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the effective config to ConfigAdmin configurations.
 *
 * <table>
 * <caption>PIDs</caption>
 * <tr><td>{@code dev.nexo.broker}, {@code dev.nexo.memory}, {@code dev.nexo.runtime}, {@code dev.nexo.llm}</td>
 * <td>singletons, always written (defaults when the file is absent)</td></tr>
 * <tr><td>{@code dev.nexo.agent~<id>}</td><td>one per agent</td></tr>
 * <tr><td>{@code dev.nexo.llm.provider.<factory_type>~<name>}</td><td>one per llm.yaml provider; the
 * kind in the factory PID lets each provider component take only its own instances</td></tr>
 * <tr><td>{@code dev.nexo.channel.<kind>~<instance>}</td><td>telegram, whatsapp, email accounts</td></tr>
 * <tr><td>{@code dev.nexo.plugins}</td><td>the plugin host, from plugins/discovery.yaml ({@code discovery}
 * and {@code host} sections merged); written only when the file exists</td></tr>
 * <tr><td>{@code dev.nexo.mcp.client.server~<name>}</td><td>one per mcp.yaml server, the shared
 * {@code mcp:} settings copied in (the server's own fields win); none when {@code mcp.enabled} is false</td></tr>
 * </table>
 */
final class PidMapper {
    /** Marks configurations the loader owns; only these are ever deleted. */
    static final String MANAGED = "nexo.managed";
    /** The file a configuration came from, relative to the config dir, or {@code <defaults>}. */
    static final String SOURCE = "nexo.config.source";

    static final String BROKER_PID = "dev.nexo.broker";
    static final String MEMORY_PID = "dev.nexo.memory";
    static final String RUNTIME_PID = "dev.nexo.runtime";
    static final String LLM_PID = "dev.nexo.llm";
    static final String MCP_SERVER_PID = "dev.nexo.mcp.server";
    static final String AGENT_FACTORY = "dev.nexo.agent";
    static final String PROVIDER_FACTORY_PREFIX = "dev.nexo.llm.provider.";
    static final String CHANNEL_FACTORY_PREFIX = "dev.nexo.channel.";
    static final String PLUGINS_PID = "dev.nexo.plugins";
    static final String MCP_SERVER_FACTORY = "dev.nexo.mcp.client.server";

    private PidMapper() {
    }

    static Map<String, DesiredConfig> map(EffectiveConfig config) {
        Map<String, DesiredConfig> out = new LinkedHashMap<>();
        singleton(out, BROKER_PID, config.section(FileKind.BROKER, "broker"), config.sourceOf(FileKind.BROKER));
        singleton(out, MEMORY_PID, config.root(FileKind.MEMORY), config.sourceOf(FileKind.MEMORY));
        singleton(out, RUNTIME_PID, config.root(FileKind.RUNTIME), config.sourceOf(FileKind.RUNTIME));
        Map<String, Object> llm = new LinkedHashMap<>(config.root(FileKind.LLM));
        llm.remove("providers");
        singleton(out, LLM_PID, llm, config.sourceOf(FileKind.LLM));
        for (Map<String, Object> agent : config.agents()) {
            String id = SemanticChecks.text(agent.get("id"));
            factory(out, AGENT_FACTORY, id, agent, config.locationOf(agent).file());
        }
        providers(out, config);
        channels(out, config);
        if (config.sources().containsKey(FileKind.PLUGINS)) {
            Map<String, Object> host = new LinkedHashMap<>(config.section(FileKind.PLUGINS, "host"));
            host.putAll(config.section(FileKind.PLUGINS, "discovery"));
            singleton(out, PLUGINS_PID, host, config.sourceOf(FileKind.PLUGINS));
        }
        mcpServers(out, config);
        if (!EffectiveConfig.DEFAULTS.equals(config.sourceOf(FileKind.MCP_SERVER))) { // only when mcp_server.yaml exists
            singleton(out, MCP_SERVER_PID, config.section(FileKind.MCP_SERVER, "mcp_server"), config.sourceOf(FileKind.MCP_SERVER));
        }
        return out;
    }

    private static void providers(Map<String, DesiredConfig> out, EffectiveConfig config) {
        Object retry = config.root(FileKind.LLM).get("retry");
        for (Map.Entry<String, Object> e : config.section(FileKind.LLM, "providers").entrySet()) {
            Map<String, Object> provider = new LinkedHashMap<>(SemanticChecks.map(e.getValue()));
            String kind = SemanticChecks.text(provider.getOrDefault("factory_type", e.getKey()));
            provider.put("name", e.getKey());
            provider.put("factory_type", kind);
            Map<String, Object> effectiveRetry = new LinkedHashMap<>(SemanticChecks.map(retry));
            effectiveRetry.putAll(SemanticChecks.map(provider.get("retry"))); // provider fields win, per field
            provider.put("retry", effectiveRetry);
            factory(out, PROVIDER_FACTORY_PREFIX + kind, e.getKey(), provider, config.sourceOf(FileKind.LLM));
        }
    }

    private static void channels(Map<String, DesiredConfig> out, EffectiveConfig config) {
        for (String kind : List.of("telegram", "whatsapp")) {
            FileKind file = "telegram".equals(kind) ? FileKind.TELEGRAM : FileKind.WHATSAPP;
            for (Map<String, Object> instance : config.instances(file, kind)) {
                factory(out, CHANNEL_FACTORY_PREFIX + kind, SemanticChecks.text(instance.get("instance")), instance,
                        config.sourceOf(file));
            }
        }
        Map<String, Object> email = new LinkedHashMap<>(config.section(FileKind.EMAIL, "email"));
        List<?> accounts = SemanticChecks.list(email.remove("accounts"));
        for (Object a : accounts) {
            Map<String, Object> account = new LinkedHashMap<>(email); // shared settings, then the account's own
            account.putAll(SemanticChecks.map(a));
            factory(out, CHANNEL_FACTORY_PREFIX + "email", SemanticChecks.text(account.get("instance")), account,
                    config.sourceOf(FileKind.EMAIL));
        }
    }

    private static void mcpServers(Map<String, DesiredConfig> out, EffectiveConfig config) {
        Map<String, Object> mcp = new LinkedHashMap<>(config.section(FileKind.MCP, "mcp"));
        if (Boolean.FALSE.equals(mcp.remove("enabled"))) {
            return;
        }
        Map<String, Object> servers = SemanticChecks.map(mcp.remove("servers"));
        for (Map.Entry<String, Object> e : servers.entrySet()) {
            Map<String, Object> server = new LinkedHashMap<>(mcp); // shared settings, then the server's own
            server.putAll(SemanticChecks.map(e.getValue()));
            server.put("name", e.getKey());
            factory(out, MCP_SERVER_FACTORY, e.getKey(), server, config.sourceOf(FileKind.MCP));
        }
    }

    private static void singleton(Map<String, DesiredConfig> out, String pid, Map<String, Object> tree, String source) {
        out.put(pid, DesiredConfig.singleton(pid, properties(tree, source)));
    }

    private static void factory(Map<String, DesiredConfig> out, String factoryPid, String name,
            Map<String, Object> tree, String source) {
        DesiredConfig desired = DesiredConfig.factory(factoryPid, name, properties(tree, source));
        out.put(desired.pid(), desired);
    }

    private static Map<String, Object> properties(Map<String, Object> tree, String source) {
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        copy.remove("schema_version");
        Map<String, Object> props = Flattener.flatten(copy);
        props.put(MANAGED, Boolean.TRUE);
        props.put(SOURCE, source);
        return props;
    }
}

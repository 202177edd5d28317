package dev.nexo.core.internal.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-field and cross-file checks that are cheap and catch real mistakes: duplicate ids, two
 * bindings that can never both match, references to providers and channel instances that are
 * not declared. Only references the operator can fix in YAML are checked; nothing here probes the
 * network or the file system.
 */
final class SemanticChecks {
    /** Built-in LLM provider kinds; other {@code factory_type}s need a bundle that provides them. */
    static final Set<String> KNOWN_LLM_KINDS = Set.of("minimax", "anthropic", "openai", "gemini", "deepseek");
    private static final Map<String, FileKind> CHANNEL_FILES = Map.of(
            "telegram", FileKind.TELEGRAM, "whatsapp", FileKind.WHATSAPP, "email", FileKind.EMAIL);

    private final EffectiveConfig config;
    private final List<ConfigProblem> problems;

    private SemanticChecks(EffectiveConfig config, List<ConfigProblem> problems) {
        this.config = config;
        this.problems = problems;
    }

    static void check(EffectiveConfig config, List<ConfigProblem> problems) {
        SemanticChecks checks = new SemanticChecks(config, problems);
        checks.agents();
        checks.providers();
        checks.broker();
        for (String channel : CHANNEL_FILES.keySet()) {
            checks.duplicateInstances(channel);
        }
    }

    private void agents() {
        Map<String, Location> seen = new HashMap<>();
        Set<String> providers = config.section(FileKind.LLM, "providers").keySet();
        for (Map<String, Object> agent : config.agents()) {
            Location at = config.locationOf(agent);
            String id = text(agent.get("id"));
            Location first = seen.putIfAbsent(id, at);
            if (first != null) {
                error(at, "agents.id", "duplicate agent id `" + shown(agent.get("id")) + "` (first defined at "
                        + first + ")");
            }
            Map<String, Object> model = map(agent.get("model"));
            String provider = text(model.get("provider"));
            if (!provider.isEmpty() && !providers.contains(provider)) {
                warning(config.locationOf(model), "model.provider", "agent `" + shown(agent.get("id"))
                        + "` uses provider `" + shown(model.get("provider")) + "`, which llm.yaml does not declare"
                        + (providers.isEmpty() ? "" : " (declared: " + String.join(", ", providers) + ")"));
            }
            bindings(agent, provider);
            credentials(agent);
            if (agent.containsKey("google_auth")) {
                warning(config.locationOf(agent.get("google_auth")), "google_auth", "inline `google_auth` is"
                        + " deprecated; declare the account in plugins/google-auth.yaml and pin it with credentials.google");
            }
        }
    }

    private void bindings(Map<String, Object> agent, String agentProvider) {
        Map<String, Location> seen = new HashMap<>();
        for (Object b : list(agent.get("inbound_bindings"))) {
            Map<String, Object> binding = map(b);
            Location at = config.locationOf(binding);
            String plugin = text(binding.get("plugin"));
            String instance = binding.containsKey("instance") ? text(binding.get("instance")) : null;
            String key = plugin + "\u0000" + Objects.toString(instance, "");
            Location first = seen.putIfAbsent(key, at);
            if (first != null) {
                error(at, "inbound_bindings", "duplicate binding (plugin `" + plugin + "`, instance `"
                        + Objects.toString(instance, "<none>") + "`) in agent `" + shown(agent.get("id"))
                        + "`: only the first (at " + first + ") can ever match");
            }
            Map<String, Object> model = map(binding.get("model"));
            if (!model.isEmpty() && !text(model.get("provider")).equals(agentProvider)) {
                error(config.locationOf(model), "inbound_bindings.model.provider", "a binding's model must keep the"
                        + " agent's provider `" + shown(map(agent.get("model")).get("provider")) + "`");
            }
            if (instance != null && CHANNEL_FILES.containsKey(plugin) && !declared(plugin, instance)) {
                warning(at, "inbound_bindings.instance", plugin + " instance `" + instance + "` is not declared in "
                        + CHANNEL_FILES.get(plugin).path());
            }
        }
    }

    private void credentials(Map<String, Object> agent) {
        Map<String, Object> credentials = map(agent.get("credentials"));
        for (String channel : CHANNEL_FILES.keySet()) {
            Object instance = credentials.get(channel);
            if (instance != null && !declared(channel, text(instance))) {
                warning(config.locationOf(credentials), "credentials." + channel, "credentials." + channel
                        + " `" + shown(instance) + "` is not declared in " + CHANNEL_FILES.get(channel).path());
            }
        }
    }

    private void providers() {
        for (Map.Entry<String, Object> e : config.section(FileKind.LLM, "providers").entrySet()) {
            Map<String, Object> provider = map(e.getValue());
            Location at = config.locationOf(provider);
            long sources = List.of("api_key", "api_key_env", "api_key_secret_id").stream()
                    .filter(provider::containsKey).count();
            if (sources > 1) {
                error(at, "providers." + e.getKey(), "provider `" + e.getKey() + "` sets more than one of"
                        + " api_key, api_key_env, api_key_secret_id; keep exactly one");
            }
            String kind = text(provider.getOrDefault("factory_type", e.getKey()));
            if (!KNOWN_LLM_KINDS.contains(kind)) {
                warning(at, "providers." + e.getKey() + ".factory_type", "provider `" + e.getKey() + "` has kind `"
                        + kind + "`, which is not built in (" + String.join(", ", new java.util.TreeSet<>(KNOWN_LLM_KINDS))
                        + "); set factory_type or install a bundle that provides it");
            }
        }
    }

    private void broker() {
        Map<String, Object> broker = config.section(FileKind.BROKER, "broker");
        if ("nats".equals(text(broker.get("type"))) && text(broker.get("url")).isEmpty()) {
            error(config.locationOf(broker), "broker.url", "missing field `url`: broker type `nats` needs a NATS url");
        }
    }

    private void duplicateInstances(String channel) {
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> instance : instances(channel)) {
            String name = text(instance.get("instance"));
            if (!seen.add(name)) {
                error(config.locationOf(instance), channel + ".instance", "duplicate " + channel + " instance `"
                        + shown(instance.get("instance")) + "`");
            }
        }
    }

    private boolean declared(String channel, String instance) {
        return instances(channel).stream().anyMatch(i -> text(i.get("instance")).equals(instance));
    }

    private List<Map<String, Object>> instances(String channel) {
        FileKind kind = CHANNEL_FILES.get(channel);
        if (kind == FileKind.EMAIL) {
            return list(config.section(kind, "email").get("accounts")).stream().map(SemanticChecks::map).toList();
        }
        return config.instances(kind, channel);
    }

    private void error(Location at, String field, String message) {
        problems.add(ConfigProblem.error(at == null ? Location.ofFile("?") : at, field, message));
    }

    private void warning(Location at, String field, String message) {
        problems.add(ConfigProblem.warning(at == null ? Location.ofFile("?") : at, field, message));
    }

    static String text(Object value) {
        Object v = Secret.unwrap(value);
        return v == null ? "" : v.toString();
    }

    /** A value for a message: placeholder-derived values are never shown. */
    static String shown(Object value) {
        return value instanceof Secret ? "<from placeholder>" : text(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}

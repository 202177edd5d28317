package dev.nexo.plugin.host.internal.process;

import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a plugin child gets: the host's, minus anything that looks like a secret (unless
 * the manifest's {@code requires.env} names it) and minus the host's own {@code NEXO_} settings,
 * plus the manifest's {@code entrypoint.env} and the host-provided {@code NEXO_PLUGIN_*} values.
 */
public final class ChildEnvironment {
    private static final List<String> SECRET_SUFFIXES = List.of("_TOKEN", "_KEY", "_SECRET", "_PASSWORD",
            "_CREDENTIAL", "_PAT", "_AUTH", "_APIKEY", "_BEARER", "_SESSION");
    private static final List<String> SECRET_PARTS = List.of("PASSWORD", "SECRET", "CREDENTIAL", "PRIVATE_KEY");

    private ChildEnvironment() {
    }

    /** @return whether an environment variable's name suggests it holds a secret */
    public static boolean looksSecret(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return SECRET_SUFFIXES.stream().anyMatch(n::endsWith) || SECRET_PARTS.stream().anyMatch(n::contains);
    }

    /**
     * @param host the host's environment
     * @param manifest the plugin's manifest
     * @param stateDir the plugin's state directory
     * @param nexoVersion the host version
     * @return the child's environment
     */
    public static Map<String, String> build(Map<String, String> host, PluginManifest manifest, Path stateDir,
            String nexoVersion) {
        Set<String> declared = Set.copyOf(manifest.requires().env());
        Map<String, String> env = new LinkedHashMap<>();
        host.forEach((k, v) -> {
            if (declared.contains(k) || !looksSecret(k) && !k.startsWith("NEXO_")) {
                env.put(k, v);
            }
        });
        env.putAll(manifest.entrypoint().env());
        env.put("NEXO_PLUGIN_ID", manifest.id());
        env.put("NEXO_PLUGIN_STATE_DIR", stateDir.toString());
        env.put("NEXO_VERSION", nexoVersion);
        return env;
    }
}

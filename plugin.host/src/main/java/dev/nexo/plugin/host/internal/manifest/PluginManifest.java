package dev.nexo.plugin.host.internal.manifest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated {@code plugin.toml} (v2, or v1 translated), as the host uses it. Immutable.
 *
 * @param dir the directory holding the manifest; relative paths resolve against it
 * @param file the manifest file
 * @param manifestVersion 1 (legacy, translated) or 2
 * @param id the plugin id ({@code ^[a-z][a-z0-9_-]{0,63}$}, not reserved)
 * @param version semver of the plugin
 * @param name display name
 * @param description one line
 * @param minNexoVersion version requirement on the host, e.g. {@code >=0.1.0}; empty = any
 * @param entrypoint how to start the child
 * @param channelKinds kinds from {@code [[plugin.channels.register]]}: they drive the topic allowlist
 * @param extensions {@code [plugin.extends]}
 * @param requires {@code [plugin.requires]}
 * @param sandbox {@code [plugin.sandbox]}
 * @param supervisor {@code [plugin.supervisor]}
 * @param configSchema JSON Schema of {@code plugin.configure}'s value, from {@code [plugin.config_schema]}
 * @param raw the manifest as JSON text, echoed to the child's peers and the admin API
 * @param warnings non-fatal findings (deprecated shape, dropped v1 fields)
 */
public record PluginManifest(Path dir, Path file, int manifestVersion, String id, String version, String name,
        String description, String minNexoVersion, Entrypoint entrypoint, List<String> channelKinds,
        Extends extensions, Requires requires, Sandbox sandbox, Supervisor supervisor, Optional<String> configSchema,
        String raw, List<String> warnings) {

    /**
     * @param command absolute path, path relative to the manifest dir, or a name on PATH
     * @param args extra arguments
     * @param env extra environment (no {@code NEXO_} keys)
     */
    public record Entrypoint(String command, List<String> args, Map<String, String> env) {
    }

    /** The closed {@code [plugin.extends]} lists. */
    public record Extends(List<String> channels, List<String> llmProviders, List<String> memoryBackends,
            List<String> hooks, List<String> tools) {
        /** Nothing extended. */
        public static final Extends NONE = new Extends(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * @param bins executables that must be on PATH
     * @param env environment variables that must be set; also the only secret-looking variables passed through
     * @param nexoCapabilities host capabilities asked for, e.g. {@code broker}
     */
    public record Requires(List<String> bins, List<String> env, List<String> nexoCapabilities) {
        /** Nothing required. */
        public static final Requires NONE = new Requires(List.of(), List.of(), List.of());
    }

    /**
     * @param enabled run under bwrap
     * @param hostNetwork {@code network = "host"} (needs the operator's permission)
     * @param readPaths absolute paths bound read-only
     * @param writePaths absolute paths bound read-write; {@code ${state_dir}} already expanded lazily by the host
     * @param dropUser run as uid/gid 65534
     */
    public record Sandbox(boolean enabled, boolean hostNetwork, List<String> readPaths, List<String> writePaths,
            boolean dropUser) {
        /** Sandbox off. */
        public static final Sandbox DISABLED = new Sandbox(false, false, List.of(), List.of(), true);
    }

    /**
     * @param respawn restart after a crash (opt-in)
     * @param maxAttempts respawns before {@code gave_up}
     * @param backoffMs first backoff, doubling, capped at 60 s
     * @param stderrTailLines stderr lines kept for lifecycle events (cap 512)
     */
    public record Supervisor(boolean respawn, int maxAttempts, long backoffMs, int stderrTailLines) {
        /** The seed's defaults: no respawn, 3 attempts, 1 s, 32 lines. */
        public static final Supervisor DEFAULTS = new Supervisor(false, 3, 1000, 32);
    }

    /** @return {@code <id>-<version>}, the default server version */
    public String label() {
        return id + "-" + version;
    }
}

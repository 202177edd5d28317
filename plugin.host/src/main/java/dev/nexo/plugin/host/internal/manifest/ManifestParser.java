package dev.nexo.plugin.host.internal.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code plugin.toml} (or the legacy {@code nexo-plugin.toml}) with Jackson's
 * TOML module. Collects every problem of a manifest before failing, so an author fixes them in one
 * round. Legacy v1 manifests are translated to v2 with a deprecation warning.
 */
public final class ManifestParser {
    /** Canonical file name. */
    public static final String FILE = "plugin.toml";
    /** Legacy file name, still accepted. */
    public static final String LEGACY_FILE = "nexo-plugin.toml";

    static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");
    static final Pattern EXTENDS_ID = Pattern.compile("^[a-z][a-z0-9_]{0,31}$");
    static final Set<String> RESERVED = Set.of("agent", "browser", "core", "email", "heartbeat", "memory",
            "telegram", "whatsapp");
    private static final Set<String> V2_SECTIONS = Set.of("id", "version", "name", "description", "min_nexo_version",
            "entrypoint", "requires", "channels", "extends", "sandbox", "supervisor", "config_schema", "capabilities",
            "meta", "pairing", "http", "admin", "metrics", "dashboard", "tunnel");
    private static final Set<String> EXTENDS_LISTS = Set.of("channels", "llm_providers", "memory_backends", "hooks",
            "tools");

    private final TomlMapper toml = new TomlMapper();
    private final String hostVersion;
    private final boolean allowHostNetwork;

    /**
     * @param hostVersion this Nexo's version, checked against {@code min_nexo_version}
     * @param allowHostNetwork the operator's permission for {@code [plugin.sandbox] network = "host"}
     */
    public ManifestParser(String hostVersion, boolean allowHostNetwork) {
        this.hostVersion = hostVersion;
        this.allowHostNetwork = allowHostNetwork;
    }

    /**
     * @param dir a plugin directory
     * @return the manifest file in it, if any ({@code plugin.toml} wins over the legacy name)
     */
    public static Optional<Path> manifestFile(Path dir) {
        Path canonical = dir.resolve(FILE);
        if (Files.isRegularFile(canonical)) {
            return Optional.of(canonical);
        }
        Path legacy = dir.resolve(LEGACY_FILE);
        return Files.isRegularFile(legacy) ? Optional.of(legacy) : Optional.empty();
    }

    /**
     * @param dir the plugin directory
     * @return the validated manifest
     * @throws ManifestException listing every problem
     */
    public PluginManifest parse(Path pluginDir) throws ManifestException {
        Path dir = pluginDir.toAbsolutePath().normalize();
        Path file = manifestFile(dir).orElseThrow(
                () -> new ManifestException(dir, List.of("no " + FILE + " (or " + LEGACY_FILE + ") in " + dir)));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ManifestException(file, List.of("cannot read: " + e.getMessage()));
        }
        List<String> warnings = new ArrayList<>();
        if (file.getFileName().toString().equals(FILE) && Files.isRegularFile(dir.resolve(LEGACY_FILE))) {
            warnings.add("both " + FILE + " and " + LEGACY_FILE + " present; using " + FILE);
        }
        return parse(dir, file, text, warnings);
    }

    PluginManifest parse(Path dir, Path file, String text, List<String> warnings) throws ManifestException {
        JsonNode root;
        try {
            root = toml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ManifestException(file, List.of("not valid TOML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        List<String> problems = new ArrayList<>();
        int version = root.path("manifest_version").asInt(1);
        if (root.has("manifest_version") && !root.get("manifest_version").isInt()
                || version != 1 && version != 2) {
            throw new ManifestException(file, List.of("manifest_version must be 1 or 2, not "
                    + root.path("manifest_version")));
        }
        ObjectNode plugin = version == 1 ? V1Translator.translate((ObjectNode) root, warnings)
                : (ObjectNode) root.path("plugin");
        if (plugin == null || plugin.isMissingNode() || !plugin.isObject()) {
            throw new ManifestException(file, List.of("missing [plugin] table"));
        }
        Validator v = new Validator(dir, plugin, problems, warnings, hostVersion, allowHostNetwork);
        for (Iterator<String> it = plugin.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!V2_SECTIONS.contains(key)) {
                warnings.add("unknown key plugin." + key + " ignored");
            }
        }
        PluginManifest m = v.build(file, version, plugin.toString());
        if (!problems.isEmpty()) {
            throw new ManifestException(file, problems);
        }
        return m;
    }

    /** Validation of one {@code [plugin]} table; appends to the shared problem list. */
    static final class Validator {
        private final Path dir;
        private final JsonNode p;
        private final List<String> problems;
        private final List<String> warnings;
        private final String hostVersion;
        private final boolean allowHostNetwork;

        Validator(Path dir, JsonNode p, List<String> problems, List<String> warnings, String hostVersion,
                boolean allowHostNetwork) {
            this.dir = dir;
            this.p = p;
            this.problems = problems;
            this.warnings = warnings;
            this.hostVersion = hostVersion;
            this.allowHostNetwork = allowHostNetwork;
        }

        PluginManifest build(Path file, int version, String raw) {
            String id = text("id", true);
            if (id != null && !ID.matcher(id).matches()) {
                problems.add("plugin.id '" + id + "' must match " + ID.pattern());
            } else if (id != null && RESERVED.contains(id)) {
                problems.add("plugin.id '" + id + "' is reserved (" + String.join(", ", new java.util.TreeSet<>(RESERVED)) + ")");
            }
            String ver = text("version", true);
            if (ver != null && !Semver.isValid(ver)) {
                problems.add("plugin.version '" + ver + "' is not semver (e.g. 1.2.3)");
            }
            String min = text("min_nexo_version", false);
            if (min != null) {
                try {
                    if (!Semver.satisfies(hostVersion, min)) {
                        problems.add("needs Nexo " + min + " but this is " + hostVersion);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("plugin.min_nexo_version: " + e.getMessage());
                }
            }
            PluginManifest.Entrypoint entry = entrypoint();
            List<String> kinds = channelKinds();
            PluginManifest.Extends ext = extensions(id);
            PluginManifest.Requires req = requires();
            PluginManifest.Sandbox sandbox = Sandboxes.validate(p.path("sandbox"), problems, allowHostNetwork);
            PluginManifest.Supervisor sup = supervisor();
            Optional<String> schema = configSchema();
            return new PluginManifest(dir, file, version, id, ver, Optional.ofNullable(text("name", false)).orElse(id),
                    Optional.ofNullable(text("description", false)).orElse(""), min == null ? "" : min, entry, kinds,
                    ext, req, sandbox, sup, schema, raw, List.copyOf(warnings));
        }

        private String text(String field, boolean required) {
            JsonNode n = p.get(field);
            if (n == null || n.isNull()) {
                if (required) {
                    problems.add("plugin." + field + " is required");
                }
                return null;
            }
            if (!n.isTextual() || n.asText().isBlank()) {
                problems.add("plugin." + field + " must be a non-empty string");
                return null;
            }
            return n.asText();
        }

        private PluginManifest.Entrypoint entrypoint() {
            JsonNode e = p.path("entrypoint");
            if (!e.isObject() || !e.path("command").isTextual() || e.path("command").asText().isBlank()) {
                problems.add("[plugin.entrypoint] command is required");
                return new PluginManifest.Entrypoint("", List.of(), Map.of());
            }
            List<String> args = strings(e.path("args"), "plugin.entrypoint.args");
            Map<String, String> env = new LinkedHashMap<>();
            e.path("env").fields().forEachRemaining(f -> {
                if (f.getKey().startsWith("NEXO_")) {
                    problems.add("plugin.entrypoint.env key " + f.getKey() + " is reserved (NEXO_ prefix)");
                } else if (!f.getValue().isValueNode()) {
                    problems.add("plugin.entrypoint.env." + f.getKey() + " must be a string");
                } else {
                    env.put(f.getKey(), f.getValue().asText());
                }
            });
            return new PluginManifest.Entrypoint(e.path("command").asText(), args, env);
        }

        private List<String> channelKinds() {
            List<String> kinds = new ArrayList<>();
            JsonNode reg = p.path("channels").path("register");
            for (JsonNode c : reg) {
                String kind = c.path("kind").asText("");
                if (!EXTENDS_ID.matcher(kind).matches()) {
                    problems.add("plugin.channels.register kind '" + kind + "' must match " + EXTENDS_ID.pattern());
                } else {
                    kinds.add(kind);
                }
            }
            return List.copyOf(kinds);
        }

        private PluginManifest.Extends extensions(String id) {
            JsonNode e = p.path("extends");
            if (e.isMissingNode()) {
                return PluginManifest.Extends.NONE;
            }
            e.fieldNames().forEachRemaining(k -> {
                if (!EXTENDS_LISTS.contains(k)) {
                    problems.add("[plugin.extends] has unknown list '" + k + "' (allowed: " + EXTENDS_LISTS + ")");
                }
            });
            Set<String> seen = new HashSet<>();
            List<String> channels = extendsList(e, "channels", seen);
            List<String> llm = extendsList(e, "llm_providers", seen);
            List<String> memory = extendsList(e, "memory_backends", seen);
            List<String> hooks = extendsList(e, "hooks", seen);
            List<String> tools = strings(e.path("tools"), "plugin.extends.tools");
            Set<String> toolSeen = new HashSet<>();
            for (String t : tools) {
                if (!toolSeen.add(t)) {
                    problems.add("plugin.extends.tools lists '" + t + "' twice");
                }
                if (id != null && !t.startsWith(id + "_") && !t.startsWith("ext_" + id + "_")) {
                    problems.add("tool '" + t + "' must be named " + id + "_* or ext_" + id + "_*");
                }
            }
            return new PluginManifest.Extends(channels, llm, memory, hooks, tools);
        }

        private List<String> extendsList(JsonNode e, String key, Set<String> seen) {
            List<String> ids = strings(e.path(key), "plugin.extends." + key);
            Set<String> local = new HashSet<>();
            for (String s : ids) {
                if (!EXTENDS_ID.matcher(s).matches()) {
                    problems.add("plugin.extends." + key + " id '" + s + "' must match " + EXTENDS_ID.pattern());
                }
                if (!local.add(s)) {
                    problems.add("plugin.extends." + key + " lists '" + s + "' twice");
                } else if (!seen.add(s)) {
                    problems.add("plugin.extends id '" + s + "' appears in more than one list");
                }
            }
            return ids;
        }

        private PluginManifest.Requires requires() {
            JsonNode r = p.path("requires");
            return new PluginManifest.Requires(strings(r.path("bins"), "plugin.requires.bins"),
                    strings(r.path("env"), "plugin.requires.env"),
                    strings(r.path("nexo_capabilities"), "plugin.requires.nexo_capabilities"));
        }

        private PluginManifest.Supervisor supervisor() {
            JsonNode s = p.path("supervisor");
            PluginManifest.Supervisor d = PluginManifest.Supervisor.DEFAULTS;
            int tail = s.path("stderr_tail_lines").asInt(d.stderrTailLines());
            if (tail > 512) {
                warnings.add("plugin.supervisor.stderr_tail_lines capped at 512");
                tail = 512;
            }
            int attempts = s.path("max_attempts").asInt(d.maxAttempts());
            long backoff = s.path("backoff_ms").asLong(d.backoffMs());
            if (attempts < 0 || backoff < 1) {
                problems.add("plugin.supervisor max_attempts must be >= 0 and backoff_ms >= 1");
            }
            return new PluginManifest.Supervisor(s.path("respawn").asBoolean(d.respawn()), attempts, backoff,
                    Math.max(0, tail));
        }

        private Optional<String> configSchema() {
            JsonNode c = p.path("config_schema");
            if (c.isMissingNode()) {
                return Optional.empty();
            }
            String schema = c.path("schema").asText("");
            try {
                JsonNode s = new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema);
                if (s == null || !s.isObject() || !"object".equals(s.path("type").asText())) {
                    problems.add("plugin.config_schema.schema must be a JSON object schema with \"type\": \"object\"");
                    return Optional.empty();
                }
                return Optional.of(s.toString());
            } catch (IOException e) {
                problems.add("plugin.config_schema.schema is not valid JSON");
                return Optional.empty();
            }
        }

        private List<String> strings(JsonNode n, String what) {
            if (n.isMissingNode() || n.isNull()) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (!n.isArray()) {
                problems.add(what + " must be a list of strings");
                return out;
            }
            for (JsonNode s : n) {
                if (s.isTextual()) {
                    out.add(s.asText());
                } else {
                    problems.add(what + " must contain only strings");
                }
            }
            return List.copyOf(out);
        }
    }
}

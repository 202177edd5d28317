package dev.nexo.plugin.host.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Topics;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.memory.Embedder;
import dev.nexo.api.trust.AuditLog;
import dev.nexo.api.trust.TrustPolicy;
import dev.nexo.api.memory.MemoryStore;
import dev.nexo.plugin.host.internal.bridge.PluginBridges;
import dev.nexo.plugin.host.internal.bridge.TopicAllowlist;
import dev.nexo.plugin.host.internal.manifest.ManifestException;
import dev.nexo.plugin.host.internal.manifest.ManifestParser;
import dev.nexo.plugin.host.internal.manifest.PluginManifest;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.runtime.PluginContext;
import dev.nexo.plugin.host.internal.runtime.PluginInstance;
import dev.nexo.plugin.host.internal.runtime.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subprocess plugin host: finds plugin directories, validates every manifest (reporting all
 * broken ones at once), supervises one {@link PluginInstance} per plugin, and connects running
 * plugins to the broker, the tool and channel whiteboards, memory and LLM providers. Stopping this
 * component (or updating its bundle) shuts every child down: no orphan processes.
 */
@Component(service = PluginHost.class, immediate = true, configurationPid = "dev.nexo.plugins",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PluginHostConfig.class)
public class PluginHost implements PluginContext {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    /** A plugin directory as the host knows it: loaded (with an instance) or broken (with problems). */
    public record Entry(Path dir, PluginInstance instance, List<String> problems) {
    }

    private final BundleContext context;
    private final Broker broker;
    private final PluginHostConfig config;
    private final Path stateRoot;
    private final Path installDir;
    private final Optional<Path> configDir;
    private final Map<String, String> env = System.getenv();
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, Entry> plugins = new ConcurrentHashMap<>();
    private final List<Entry> broken = new CopyOnWriteArrayList<>();
    private final Map<String, PluginBridges> bridges = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> droppedPublishes = new ConcurrentHashMap<>();
    private final ChildRequests childRequests;
    private final PluginConfigs configs;
    private final Optional<String> bwrap;
    private final String nexoVersion;

    private volatile MemoryStore memory;
    private volatile Embedder embedder;
    private volatile TrustPolicy trustPolicy;
    private volatile AuditLog auditLog;
    private final List<LlmProvider> providers = new CopyOnWriteArrayList<>();

    @Activate
    public PluginHost(BundleContext context, @Reference Broker broker, PluginHostConfig config) {
        this.context = context;
        this.nexoVersion = releaseVersion(context.getBundle().getVersion());
        this.broker = broker;
        this.config = config;
        this.stateRoot = stateRoot(context);
        this.installDir = stateRoot.resolve("plugins");
        this.configDir = Optional.ofNullable(first(context.getProperty("nexo.config.dir"), env.get("NEXO_CONFIG_DIR")))
                .map(Path::of);
        AtomicInteger n = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "nexo-plugin-supervisor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.childRequests = new ChildRequests(() -> memory, this::provider);
        this.configs = new PluginConfigs(configDir, env);
        this.bwrap = Requirements.onPath("bwrap", env).map(Path::toString);
        if (config.enabled()) {
            scheduler.execute(this::discoverAndStart);
        }
    }

    @Deactivate
    void deactivate() {
        List<Thread> stoppers = new ArrayList<>();
        for (Entry e : plugins.values()) {
            Thread t = new Thread(() -> e.instance().stop("host stopping"), "nexo-plugin-stop-" + e.instance().id());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(10_000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        bridges.values().forEach(PluginBridges::close);
        bridges.clear();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Plugins' own memory backends are not what memory.recall reads (that is the container's memory). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(!(" + PluginBridges.PLUGIN_ID + "=*))")
    void setMemory(MemoryStore store) {
        this.memory = store;
    }

    void unsetMemory(MemoryStore store) {
        if (this.memory == store) {
            this.memory = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEmbedder(Embedder e) {
        this.embedder = e;
    }

    void unsetEmbedder(Embedder e) {
        if (this.embedder == e) {
            this.embedder = null;
        }
    }

    /** Gates plugins' hooks and memory backends per agent; while absent they are not called (default deny). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setTrustPolicy(TrustPolicy t) {
        this.trustPolicy = t;
    }

    void unsetTrustPolicy(TrustPolicy t) {
        if (this.trustPolicy == t) {
            this.trustPolicy = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAuditLog(AuditLog a) {
        this.auditLog = a;
    }

    void unsetAuditLog(AuditLog a) {
        if (this.auditLog == a) {
            this.auditLog = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(LlmProvider p) {
        providers.add(p);
    }

    void removeProvider(LlmProvider p) {
        providers.remove(p);
    }

    private LlmProvider provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    // --- discovery -------------------------------------------------------------------------------

    /** Loads every plugin directory; every broken manifest is reported, the good ones start. */
    synchronized void discoverAndStart() {
        ManifestParser parser = new ManifestParser(nexoVersion, allowHostNetwork());
        for (Path dir : pluginDirs()) {
            if (plugins.values().stream().anyMatch(e -> e.dir().equals(dir))) {
                continue;
            }
            try {
                PluginManifest m = parser.parse(dir);
                m.warnings().forEach(w -> LOG.warn("plugin {}: {}", m.id(), w));
                if (plugins.containsKey(m.id())) {
                    brokenEntry(dir, List.of("plugin id '" + m.id() + "' is already loaded from "
                            + plugins.get(m.id()).dir()));
                    continue;
                }
                PluginInstance p = new PluginInstance(m, this);
                plugins.put(m.id(), new Entry(dir, p, List.of()));
                List<String> missing = Requirements.missing(m, env);
                Optional<String> off = operatorOff(m.id());
                if (off.isPresent()) {
                    p.skip(off.get());
                } else if (!missing.isEmpty()) {
                    p.skip(String.join("; ", missing));
                } else {
                    p.start();
                }
            } catch (ManifestException e) {
                brokenEntry(dir, e.problems());
            }
        }
    }

    /** @return why the operator's discovery settings keep this plugin from starting, if they do */
    private Optional<String> operatorOff(String id) {
        if (List.of(config.disabled()).contains(id)) {
            return Optional.of("disabled by the operator (discovery.disabled)");
        }
        if (config.allowlist().length > 0 && !List.of(config.allowlist()).contains(id)) {
            return Optional.of("not in the operator's discovery.allowlist");
        }
        return Optional.empty();
    }

    private void brokenEntry(Path dir, List<String> problems) {
        broken.removeIf(b -> b.dir().equals(dir));
        broken.add(new Entry(dir, null, problems));
        LOG.error("plugin in {} not loaded:\n  - {}", dir, String.join("\n  - ", problems));
    }

    private List<Path> pluginDirs() {
        List<Path> roots = new ArrayList<>();
        roots.add(installDir);
        for (String p : config.search__paths()) {
            roots.add(Path.of(p));
        }
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> list = Files.list(root)) {
                list.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                        .filter(d -> ManifestParser.manifestFile(d).isPresent()).sorted().forEach(dirs::add);
            } catch (IOException e) {
                LOG.warn("cannot list plugin directory {}: {}", root, e.toString());
            }
        }
        return dirs;
    }

    // --- operations used by REST and Gogo --------------------------------------------------------

    /** @return loaded plugins then broken directories, by id / path */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(plugins.values());
        all.sort(Comparator.comparing(e -> e.instance().id()));
        List<Entry> bad = new ArrayList<>(broken);
        bad.sort(Comparator.comparing(e -> e.dir().toString()));
        all.addAll(bad);
        return all;
    }

    public Optional<PluginInstance> plugin(String id) {
        return Optional.ofNullable(plugins.get(id)).map(Entry::instance);
    }

    public long droppedPublishes(String id) {
        return droppedPublishes.getOrDefault(id, new AtomicLong()).get();
    }

    public List<String> exposedTools(String id) {
        PluginBridges b = bridges.get(id);
        return b == null ? List.of() : b.toolNames();
    }

    Path installDir() {
        return installDir;
    }

    long maxInstallBytes() {
        return config.max__install__bytes();
    }

    /** Stops and forgets a plugin (before its directory is removed or replaced). */
    synchronized void unload(String id) {
        Entry e = plugins.remove(id);
        if (e != null) {
            e.instance().stop("removed by operator");
        }
    }

    /** Rescans the plugin directories (after an install). */
    void rescan() {
        broken.clear();
        discoverAndStart();
    }

    // --- PluginContext ---------------------------------------------------------------------------

    @Override
    public String nexoVersion() {
        return nexoVersion;
    }

    /** @return {@code major.minor.micro} of the host bundle: what manifests' min_nexo_version is checked against */
    static String releaseVersion(org.osgi.framework.Version v) {
        return v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
    }

    @Override
    public Path stateDir(String pluginId) {
        Path dir = stateRoot.resolve("data").resolve("plugins").resolve(pluginId);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, String> hostEnvironment() {
        return env;
    }

    @Override
    public Optional<String> bwrap() {
        return bwrap;
    }

    @Override
    public boolean requireSandbox() {
        return config.require__sandbox() || "1".equals(env.get("NEXO_PLUGIN_SANDBOX_REQUIRE"));
    }

    private boolean allowHostNetwork() {
        return config.allow__host__network() || "1".equals(env.get("NEXO_PLUGIN_SANDBOX_HOST_NET_ALLOW"));
    }

    @Override
    public Duration initTimeout() {
        return Duration.ofMillis(config.init__timeout__ms());
    }

    @Override
    public Duration shutdownGrace() {
        return Duration.ofSeconds(1);
    }

    @Override
    public int queueDepth() {
        return config.queue__depth();
    }

    @Override
    public int maxFrameBytes() {
        return config.max__frame__bytes();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void lifecycle(String pluginId, String phase, ObjectNode payload) {
        try {
            broker.publish(Event.builder(Topics.lifecycle(pluginId, phase), "plugin.supervisor")
                    .payload(payload.toString()).build()).exceptionally(e -> {
                        LOG.debug("lifecycle event {} for {} not published: {}", phase, pluginId, e.toString());
                        return null;
                    });
        } catch (RuntimeException e) {
            LOG.debug("lifecycle event {} for {} not published: {}", phase, pluginId, e.toString());
        }
    }

    @Override
    public Optional<JsonNode> configuration(String pluginId) {
        Optional<JsonNode> value = configs.load(pluginId);
        Optional<String> schema = plugin(pluginId).flatMap(p -> p.manifest().configSchema());
        if (value.isPresent() && schema.isPresent()) {
            try {
                List<String> problems = PluginConfigs.validate(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(schema.get()), value.get());
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException("configuration does not match [plugin.config_schema]: "
                            + String.join("; ", problems));
                }
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("config_schema unreadable: " + e.getMessage());
            }
        }
        return value;
    }

    @Override
    public AutoCloseable attach(PluginInstance plugin, RpcChannel rpc, JsonNode initializeResult) {
        List<Pattern> read = new ArrayList<>();
        for (String glob : config.read__tools()) {
            read.add(Pattern.compile(glob.replace(".", "\\.").replace("*", ".*")));
        }
        PluginBridges b = new PluginBridges(context, broker, plugin.manifest(), rpc, initializeResult,
                // a streamed llm.chat gets five call timeouts: the seed's 300 s next to its 60 s sync default
                new PluginBridges.Timeouts(Duration.ofMillis(config.call__timeout__ms()),
                        Duration.ofMillis(config.hook__timeout__ms()), Duration.ofMillis(5 * config.call__timeout__ms())),
                name -> read.stream().anyMatch(p -> p.matcher(name).matches()), () -> embedder,
                new PluginBridges.Trust(() -> trustPolicy, () -> auditLog));
        bridges.put(plugin.id(), b);
        return () -> {
            bridges.remove(plugin.id(), b);
            b.close();
        };
    }

    @Override
    public CompletionStage<JsonNode> childRequest(PluginInstance plugin, String method, JsonNode params) {
        return childRequests.handle(plugin.manifest(), method, params);
    }

    @Override
    public void childNotification(PluginInstance plugin, String method, JsonNode params) {
        if (!"broker.publish".equals(method)) {
            LOG.debug("plugin {}: ignoring notification {}", plugin.id(), method);
            return;
        }
        String topic = params.path("topic").asText("");
        if (!Topics.isValid(topic) || !new TopicAllowlist(plugin.manifest()).mayPublish(topic)) {
            long n = droppedPublishes.computeIfAbsent(plugin.id(), k -> new AtomicLong()).incrementAndGet();
            LOG.warn("plugin {}: publish on '{}' dropped: outside its topic allowlist ({} dropped so far)",
                    plugin.id(), topic, n);
            return;
        }
        try {
            broker.publish(dev.nexo.plugin.host.internal.bridge.EventWire.fromPlugin(plugin.id(), topic, params.path("event")));
        } catch (RuntimeException e) {
            droppedPublishes.computeIfAbsent(plugin.id(), k -> new AtomicLong()).incrementAndGet();
            LOG.warn("plugin {}: malformed event on '{}' dropped: {}", plugin.id(), topic, e.getMessage());
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    static Path stateRoot(BundleContext context) {
        String root = first(context.getProperty("nexo.state.root"), System.getenv("NEXO_HOME"));
        return (root == null ? Path.of(System.getProperty("user.home"), ".nexo") : Path.of(root))
                .toAbsolutePath().normalize();
    }

    private static String first(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("install_dir", installDir.toString());
        m.put("sandbox_available", bwrap.isPresent());
        m.put("require_sandbox", requireSandbox());
        return m;
    }
}

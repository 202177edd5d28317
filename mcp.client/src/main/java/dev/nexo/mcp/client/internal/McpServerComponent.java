package dev.nexo.mcp.client.internal;

import dev.nexo.api.tool.Tool;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
 * One configured MCP server (factory PID {@value #FACTORY_PID}). Activation never blocks: a lazy
 * server (the default) offers its cached tool list and starts on the first call, an eager one is
 * connected in the background; its tools are registered as {@link Tool} services
 * (provenance {@code mcp-server}) once listed. A changed configuration re-activates the component
 * (hot reload: the old server is stopped, the new one started); a removed one deactivates it, which
 * stops the server and withdraws its tools.
 */
@Component(service = McpServerComponent.class, configurationPid = McpServerComponent.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class, factory = true)
public class McpServerComponent {
    /** Factory PID of MCP server configurations; the core writes one per {@code mcp.yaml} server. */
    public static final String FACTORY_PID = "dev.nexo.mcp.client.server";
    /** Tool service property: the MCP server a tool comes from. */
    public static final String SERVER = "nexo.mcp.server";
    /** Tool service property the trust policy reads: where the tool's code comes from. */
    static final String PROVENANCE = "nexo.trust.provenance";
    /** Tool service property the trust policy reads: a change purges the tool's grants. */
    static final String TARGET = "nexo.trust.target";
    private static final Logger LOG = LoggerFactory.getLogger(McpServerComponent.class);

    private final String name;
    private final ServerRuntime runtime;
    private final String error;
    private volatile MeterRegistry meters;

    @Activate
    public McpServerComponent(BundleContext context, ServerConfig config) {
        this.name = config.name();
        ServerSettings settings = null;
        String problem = null;
        try {
            settings = ServerSettings.from(config);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
            LOG.error("{}; the server is not started", problem);
        }
        if (settings != null && !config.enabled()) {
            problem = "disabled in configuration";
            settings = null;
        }
        this.error = problem;
        if (settings == null) {
            runtime = null;
            return;
        }
        runtime = new ServerRuntime(settings, ServerRuntime::defaultTransport, publisher(context, settings.name()),
                new ClientMetrics(settings.name(), () -> meters), Clock.systemUTC(), context.getBundle().getVersion().toString(),
                CatalogCache.under(stateRoot(context), settings.name()));
        runtime.start();
    }

    /** The state root: framework property {@code nexo.state.root}, default {@code ~/.nexo}. */
    static Path stateRoot(BundleContext context) {
        String root = context.getProperty("nexo.state.root");
        return (root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".nexo") : Path.of(root))
                .toAbsolutePath();
    }

    private static ToolPublisher publisher(BundleContext context, String server) {
        return (tool, target) -> {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(Tool.NAME, tool.descriptor().name());
            props.put(PROVENANCE, "mcp-server");
            props.put(TARGET, target);
            props.put(SERVER, server);
            ServiceRegistration<Tool> reg = context.registerService(Tool.class, tool, props);
            return () -> {
                try {
                    reg.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            };
        };
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeters(MeterRegistry registry) {
        meters = registry;
        if (runtime != null) {
            runtime.metrics().registryBound();
        }
    }

    void unbindMeters(MeterRegistry registry) {
        if (runtime != null) {
            runtime.metrics().close();
        }
        if (meters == registry) {
            meters = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    /** @return the server's name */
    String name() {
        return name;
    }

    /** @return the server's health; never contains secrets */
    ServerHealth health() {
        if (runtime != null) {
            return runtime.health();
        }
        ServerHealth h = new ServerHealth();
        h.name = name;
        h.state = ServerState.FAILED.wireName();
        h.tools = java.util.List.of();
        h.last_error = error;
        return h;
    }

    /** @return whether a restart was started (false for a failed or disabled configuration) */
    boolean restart() {
        if (runtime == null) {
            return false;
        }
        runtime.restartNow();
        return true;
    }
}

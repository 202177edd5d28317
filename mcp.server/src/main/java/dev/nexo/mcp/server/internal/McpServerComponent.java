package dev.nexo.mcp.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;

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

import dev.nexo.api.tool.Tool;
import dev.nexo.api.trust.AgentCredentials;
import dev.nexo.api.trust.AgentPrincipal;
import dev.nexo.api.trust.TrustPolicy;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Nexo as an MCP server over Streamable HTTP: registers the {@code /mcp} servlet with the HTTP
 * whiteboard when enabled, and takes it away on deactivation (configuration removed or changed,
 * bundle stopped). Refuses to start with an unsafe configuration, e.g. no auth on a non-loopback bind.
 */
@Component(service = {}, immediate = true, configurationPid = McpServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = McpServerConfig.class)
public class McpServerComponent {
    /** Configuration PID. */
    public static final String PID = "dev.nexo.mcp.server";
    /** Path of the endpoint on the admin HTTP server. */
    public static final String PATH = "/mcp";
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** How often an idle event stream gets a keep-alive comment (and re-checks its agent's tools). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(McpServerComponent.class);

    private final ToolCatalog catalog;
    private final McpMetrics metrics = new McpMetrics();
    private final ServiceRegistration<Servlet> registration;
    private final ScheduledExecutorService sweeper;
    private final Sessions sessions;
    private final NotificationStreams streams;

    @Activate
    public McpServerComponent(BundleContext ctx, McpServerConfig c, @Reference TrustPolicy trust,
            @Reference AgentCredentials credentials) {
        String host = Optional.ofNullable(ctx.getProperty("org.apache.felix.http.host"))
                .orElse(ctx.getProperty("org.osgi.service.http.host"));
        List<String> problems = validate(c, host);
        if (!problems.isEmpty()) {
            LOG.error("MCP server refuses to start: {}", String.join("; ", problems));
            throw new IllegalStateException("MCP server configuration refused: " + String.join("; ", problems));
        }
        this.catalog = new ToolCatalog(trust, new ToolCatalog.Policy(List.of(c.allowlist()), List.of(c.agent_tools()),
                c.expose_proxies(), c.expose_memory(), c.expose_messaging()));
        if (!c.enabled()) {
            LOG.info("MCP server disabled (mcp_server.enabled is false)");
            registration = null;
            sweeper = null;
            sessions = null;
            streams = null;
            return;
        }
        sessions = new Sessions(TimeUnit.SECONDS.toMillis(c.session_idle_timeout_secs()), c.max_sessions(), System::currentTimeMillis);
        RateLimiter rate = new RateLimiter(c.rate_limit_rps(), c.rate_limit_burst(), System::nanoTime);
        McpDispatcher dispatcher = new McpDispatcher(c.name(), ctx.getBundle().getVersion().toString(), catalog, trust, rate,
                new ConcurrencyGate(c.max_in_flight(), c.queue_wait_ms()), Duration.ofSeconds(c.call_timeout_secs()),
                Duration.ofSeconds(Math.max(0, c.approval_wait_secs())), metrics);
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "nexo-mcp-sweeper"));
        streams = new NotificationStreams(who -> catalog.visible(who).stream().map(t -> t.descriptor().name()).toList(),
                sessions, sweeper, KEEP_ALIVE, Duration.ofMillis(250));
        McpServlet servlet = new McpServlet(authenticator(c, credentials), sessions, dispatcher, metrics, c.body_max_bytes(), streams);
        sweeper.scheduleWithFixedDelay(() -> {
            sessions.expireIdle();
            rate.sweep();
        }, 60, 60, TimeUnit.SECONDS);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", PATH);
        props.put("osgi.http.whiteboard.servlet.name", "nexo-mcp");
        registration = ctx.registerService(Servlet.class, servlet, props);
        LOG.info("MCP server '{}' listening at {} (auth: {})", c.name(), PATH, c.require_auth() ? "agent token" : "none, loopback only");
    }

    private static McpServlet.Authenticator authenticator(McpServerConfig c, AgentCredentials credentials) {
        if (c.require_auth()) {
            return credentials::authenticate;
        }
        AgentPrincipal anonymous = new AgentPrincipal(c.anonymous_agent(), "default");
        return bearer -> Optional.of(anonymous);
    }

    /** @return why the configuration is unsafe or out of bounds; empty when it may start */
    static List<String> validate(McpServerConfig c, String host) {
        List<String> problems = new ArrayList<>();
        if (!c.require_auth()) {
            if (!isLoopback(host)) {
                problems.add("require_auth is false but the admin HTTP server binds " + (host == null ? "every interface" : host)
                        + "; without auth only a loopback bind is allowed");
            }
            if (c.anonymous_agent() == null || c.anonymous_agent().isBlank()) {
                problems.add("require_auth is false but anonymous_agent is empty");
            }
        }
        if (c.body_max_bytes() < 1 || c.body_max_bytes() > MAX_BODY) {
            problems.add("body_max_bytes must be 1.." + MAX_BODY);
        }
        if (c.call_timeout_secs() < 1 || c.call_timeout_secs() > 600) {
            problems.add("call_timeout_secs must be 1..600");
        }
        if (c.session_idle_timeout_secs() < 1 || c.session_idle_timeout_secs() > 86400) {
            problems.add("session_idle_timeout_secs must be 1..86400");
        }
        if (c.rate_limit_rps() < 0 || c.max_in_flight() < 1 || c.queue_wait_ms() < 0 || c.max_sessions() < 1) {
            problems.add("rate_limit_rps, queue_wait_ms must be >= 0 and max_in_flight, max_sessions >= 1");
        }
        return problems;
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: never resolved here, so never trusted as loopback
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Deactivate
    void deactivate() {
        if (streams != null) {
            streams.closeAll(Duration.ofSeconds(5)); // the request threads serving them leave this bundle's code
        }
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (sessions != null) {
            sessions.clear();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addTool(Tool tool) {
        catalog.add(tool);
        toolsChanged();
    }

    void removeTool(Tool tool) {
        catalog.remove(tool);
        toolsChanged();
    }

    private void toolsChanged() {
        NotificationStreams s = streams; // null while the constructor runs (static references bind first) and when disabled
        if (s != null) {
            s.toolsChanged();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMeterRegistry(MeterRegistry registry) {
        metrics.bind(registry);
    }

    void unbindMeterRegistry(MeterRegistry registry) {
        metrics.unbind(registry);
    }
}

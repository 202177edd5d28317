package dev.nexo.core.internal.http;

import java.io.IOException;
import java.util.Set;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.nexo.api.trust.AuditLog;
import dev.nexo.core.internal.metrics.HttpMetrics;
import dev.nexo.core.internal.security.ConnectionKey;

/**
 * Guards every HTTP endpoint of the admin server. In order: the Host/Origin guard (403
 * {@code host_forbidden} / {@code origin_forbidden}), then default-deny authentication — every
 * path except the public probes needs {@code Authorization: Bearer <connection-key>} (401
 * {@code unauthorized}). The agent surface ({@code /.well-known/nexo}, {@code /agent/...}) gets
 * only the Host/Origin guard here; the auth bundle checks agent tokens there.
 * Channel webhooks under {@value #WEBHOOK_PREFIX} skip the key check too (the Host/Origin guard
 * still applies): their callers (Telegram, WhatsApp) cannot hold the admin key, so each webhook
 * servlet authenticates its own requests (e.g. Telegram's secret-token header).
 */
@Component(service = Filter.class, configurationPid = AdminGuardFilter.PID)
@HttpWhiteboardFilterPattern("/*")
@Designate(ocd = AdminGuardFilter.Config.class)
public class AdminGuardFilter implements Filter {
    /** Configuration PID of the admin HTTP surface. */
    public static final String PID = "dev.nexo.admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminGuardFilter.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");
    private static final Set<String> PUBLIC_PATHS = Set.of("/health", "/ready", "/metrics");
    /**
     * The agent-facing surface: authenticated by per-agent tokens in the auth bundle, never by
     * the connection-key, so this filter only applies the Host/Origin guard there.
     */
    private static final String AGENT_SELF_DESCRIBE = "/.well-known/nexo";
    private static final String AGENT_PREFIX = "/agent/";
    /** The MCP server's Streamable HTTP endpoint (bundle dev.nexo.mcp.server): agent tokens only, checked there. */
    private static final String MCP_PATH = "/mcp";
    /** Path prefix of channel webhooks, which authenticate themselves instead of with the admin key. */
    static final String WEBHOOK_PREFIX = "/webhooks/";

    @ObjectClassDefinition(name = "Nexo admin HTTP guard",
            description = "Host/Origin guard and connection-key authentication for the admin HTTP server.")
    public @interface Config {
        @AttributeDefinition(name = "Extra allowed hosts", description = "Host header values accepted besides "
                + "127.0.0.1, localhost and [::1] on the bound port, e.g. 'nexo.internal:7077' behind a reverse proxy.")
        String[] allowed_hosts() default {};
    }

    private final ConnectionKey key;
    /** The durable audit log (auth bundle), when present; denials are logged either way. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AuditLog auditLog;
    private final HostGuard hosts;
    private final HttpMetrics metrics;

    @Activate
    public AdminGuardFilter(@Reference ConnectionKey key, @Reference HttpMetrics metrics, Config config) {
        this.key = key;
        this.metrics = metrics;
        this.hosts = new HostGuard(config.allowed_hosts());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        long start = System.nanoTime();
        String correlationId = CorrelationIds.fromHeader(req.getHeader(CorrelationIds.HEADER));
        resp.setHeader(CorrelationIds.HEADER, correlationId);
        MDC.put(CorrelationIds.MDC_KEY, correlationId);
        try {
            if (admit(req, resp)) {
                chain.doFilter(request, response);
            }
        } finally {
            MDC.remove(CorrelationIds.MDC_KEY);
            metrics.record(req.getMethod(), req.getRequestURI(), resp.getStatus(), System.nanoTime() - start);
        }
    }

    private boolean admit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        int port = req.getLocalPort();
        if (!hosts.hostAllowed(req.getHeader("Host"), port)) {
            LOG.warn("rejected request with foreign Host header to {}", req.getRequestURI());
            JsonErrors.error(resp, 403, "host_forbidden", "the Host header does not name this server");
            return false;
        }
        if (!hosts.originAllowed(req.getHeader("Origin"), port)) {
            LOG.warn("rejected cross-origin request to {}", req.getRequestURI());
            JsonErrors.error(resp, 403, "origin_forbidden", "cross-origin requests are not accepted");
            return false;
        }
        if (isPublic(path(req)) || isAgentSurface(path(req)) || key.matchesAuthorization(req.getHeader("Authorization"))) {
            return true;
        }
        String reason = req.getHeader("Authorization") == null ? "no_key" : "wrong_key";
        AUDIT.info("admin.auth method={} path={} outcome=denied reason={}", req.getMethod(), path(req), reason);
        AuditLog log = auditLog;
        if (log != null) {
            log.record("anonymous", "admin.auth", AuditLog.DENIED, JsonErrors.text(reason, req.getMethod() + " " + path(req)));
        }
        resp.setHeader("WWW-Authenticate", "Bearer realm=\"nexo-admin\"");
        JsonErrors.error(resp, 401, "unauthorized",
                "this endpoint needs the connection-key as 'Authorization: Bearer <key>' (print it with: nexo --print-key)");
        return false;
    }

    /**
     * @param path the decoded path inside the context
     * @return whether it needs no connection-key: a probe, or a webhook path without dot segments
     */
    static boolean isPublic(String path) {
        if (PUBLIC_PATHS.contains(path) || isConsoleShell(path)) {
            return true;
        }
        if (!path.startsWith(WEBHOOK_PREFIX) || path.length() == WEBHOOK_PREFIX.length()) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || ".".equals(segment) || "..".equals(segment) || segment.contains("\\")
                    || segment.contains(";")) {
                return false; // never let /webhooks/../admin/... or similar dodge the key
            }
        }
        return true;
    }

    /**
     * The web console's page and static assets hold no data (every API call the page makes needs
     * the key), so they load without it: {@code /admin} and plain file names under {@code /admin/ui/}.
     */
    static boolean isConsoleShell(String path) {
        return path.equals("/admin") || path.equals("/admin/")
                || path.startsWith("/admin/ui/") && path.substring("/admin/ui/".length()).matches("[a-z0-9-]+\\.(js|css|svg)");
    }

    /** @return whether {@code path} belongs to the agent surface, which has its own credential */
    static boolean isAgentSurface(String path) {
        return path.equals(AGENT_SELF_DESCRIBE) || path.startsWith(AGENT_PREFIX) || path.equals(MCP_PATH);
    }

    /** The decoded, normalised path inside the context, so encoded or dotted variants cannot dodge the check. */
    static String path(HttpServletRequest req) {
        String servletPath = req.getServletPath() == null ? "" : req.getServletPath();
        String pathInfo = req.getPathInfo() == null ? "" : req.getPathInfo();
        String p = servletPath + pathInfo;
        return p.isEmpty() ? "/" : p;
    }
}

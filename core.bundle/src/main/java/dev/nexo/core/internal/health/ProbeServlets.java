package dev.nexo.core.internal.health;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.nexo.core.internal.http.JsonErrors;

/**
 * The public probes: {@code GET /health} (the process answers HTTP) and {@code GET /ready} (every
 * required component is up; 503 with what is missing before that). Plain servlets rather than
 * JAX-RS resources so they answer the moment Jetty does.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/health", "/ready"})
public class ProbeServlets extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Readiness readiness;

    @Activate
    public ProbeServlets(@Reference Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/health".equals(req.getServletPath())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "UP");
            body.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
            JsonErrors.write(resp, 200, body);
            return;
        }
        List<String> missing = readiness.missing();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", missing.isEmpty() ? "READY" : "STARTING");
        if (!missing.isEmpty()) {
            body.put("missing", missing);
        }
        JsonErrors.write(resp, missing.isEmpty() ? 200 : 503, body);
    }
}

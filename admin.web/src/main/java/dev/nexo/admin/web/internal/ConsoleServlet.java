package dev.nexo.admin.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the console: {@code /admin} is the page, {@code /admin/ui/*} its script and style. The
 * files hold no data and no secret, so they load without the connection-key (the core's admin
 * guard lets exactly these paths through); every API call the page makes needs the key. Strict
 * security headers: same-origin scripts only, no framing, no caching.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/admin", "/admin/ui/*"})
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String file = resource(req.getServletPath(), req.getPathInfo());
        if (file == null) {
            resp.sendError(404);
            return;
        }
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                resp.sendError(404);
                return;
            }
            byte[] body = in.readAllBytes();
            resp.setContentType(TYPES.getOrDefault(file.substring(file.lastIndexOf('.') + 1), "application/octet-stream"));
            resp.setHeader("Content-Security-Policy", CSP);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("X-Frame-Options", "DENY");
            resp.setHeader("Referrer-Policy", "no-referrer");
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    /** @return the file under {@code /console/} for a request, or null (only plain names, no traversal) */
    static String resource(String servletPath, String pathInfo) {
        if (!"/admin/ui".equals(servletPath)) {
            return "index.html";
        }
        if (pathInfo == null || !pathInfo.matches("/[a-z0-9-]+\\.(js|css|svg)")) {
            return null;
        }
        return pathInfo.substring(1);
    }
}

package dev.nexo.core.internal.http;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

import dev.nexo.core.internal.security.ConnectionKey;

/**
 * The connection-key check again, inside JAX-RS. Every admin resource selects this extension
 * ({@link #SELECT}), so the whiteboard does not serve a resource until the check is in place —
 * no start-up moment where a resource is live before the servlet filter. Defence in depth
 * behind {@link AdminGuardFilter}.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(AdminApiAuthFilter.NAME)
public class AdminApiAuthFilter implements ContainerRequestFilter {
    /** The extension's name. */
    public static final String NAME = "nexo.admin.auth";
    /** What admin resources put in {@code @JaxrsExtensionSelect}. */
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";

    private final ConnectionKey key;

    @Activate
    public AdminApiAuthFilter(@Reference ConnectionKey key) {
        this.key = key;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("admin/api") || path.startsWith("/admin/api"))) {
            return; // other surfaces (e.g. the agent-facing gateway) have their own credentials
        }
        if (!key.matchesAuthorization(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(401).type(MediaType.APPLICATION_JSON)
                    .entity(JsonErrors.text("unauthorized", "this endpoint needs the connection-key")).build());
        }
    }
}

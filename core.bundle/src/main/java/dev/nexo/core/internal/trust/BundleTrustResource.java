package dev.nexo.core.internal.trust;

import java.util.List;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.core.internal.http.AdminApiAuthFilter;
import dev.nexo.core.internal.http.JsonErrors;

/**
 * {@code /admin/api/trust/bundles}: the bundle capability policy and the bundles it holds back.
 * {@code POST /admin/api/trust/bundles/{bsn}/grants/{name}} grants (the bundle resolves and starts
 * at once); {@code DELETE} the same path revokes.
 */
@Component(service = BundleTrustResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JaxrsName("nexo.admin.trust.bundles")
@JSONRequired
@Path("/admin/api/trust/bundles")
@Produces(MediaType.APPLICATION_JSON)
public class BundleTrustResource {
    private final BundleTrust trust;

    @Activate
    public BundleTrustResource(@Reference BundleTrust trust) {
        this.trust = trust;
    }

    @GET
    public List<BundleTrust.BundleTrustDTO> list() {
        return trust.list();
    }

    @GET
    @Path("policy")
    public Map<String, java.util.Set<String>> policy() {
        return trust.policy();
    }

    @POST
    @Path("{bsn}/grants/{name}")
    public Response grant(@PathParam("bsn") String bsn, @PathParam("name") String name) {
        try {
            List<Long> started = trust.grant(bsn, name, "admin");
            return Response.ok(Map.of("symbolicName", bsn, "capability", name, "started", started)).build();
        } catch (IllegalArgumentException e) {
            return bad(e);
        }
    }

    @DELETE
    @Path("{bsn}/grants/{name}")
    public Response revoke(@PathParam("bsn") String bsn, @PathParam("name") String name) {
        if (trust.revoke(bsn, name, "admin")) {
            return Response.noContent().build();
        }
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body("not_found", "no such grant in the bundle policy")).build();
    }

    private static Response bad(IllegalArgumentException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body("invalid_request", e.getMessage())).build();
    }
}

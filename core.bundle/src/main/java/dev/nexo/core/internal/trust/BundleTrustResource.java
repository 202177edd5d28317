package dev.nexo.core.internal.trust;

import java.io.IOException;
import java.io.InputStream;
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

import com.fasterxml.jackson.databind.ObjectMapper;

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
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
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
    public Response grant(@PathParam("bsn") String bsn, @PathParam("name") String name, InputStream body) {
        Response refused = refuseBody(body);
        if (refused != null) {
            return refused;
        }
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

    /** The grant takes no body; anything but nothing or {@code {}} is refused before any change. */
    private static Response refuseBody(InputStream body) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                return error(413, "payload_too_large", "request bodies are limited to " + MAX_BODY + " bytes");
            }
            if (bytes.length > 0) {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(bytes);
                if (!node.isObject() || node.size() > 0) {
                    return error(400, "invalid_request", "a grant takes no parameters: send no body or {}");
                }
            }
            return null;
        } catch (IOException e) {
            return error(400, "malformed_json", "the body is not valid JSON");
        }
    }

    private static Response error(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(JsonErrors.body(code, message)).build();
    }

    private static Response bad(IllegalArgumentException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body("invalid_request", e.getMessage())).build();
    }
}

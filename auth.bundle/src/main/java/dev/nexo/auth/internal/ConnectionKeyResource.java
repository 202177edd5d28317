package dev.nexo.auth.internal;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
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

/**
 * {@code POST /admin/api/connection-key/rotate}: a fresh connection-key (read it with
 * {@code nexo --print-key}); every agent token, enrollment code, grant and pending approval is
 * revoked. The response never contains the key.
 */
@Component(service = ConnectionKeyResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.connectionkey")
@JSONRequired
@Path("/admin/api/connection-key")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionKeyResource {
    private final KeyRotation rotation;

    @Activate
    public ConnectionKeyResource(@Reference KeyRotation rotation) {
        this.rotation = rotation;
    }

    @POST
    @Path("rotate")
    public Response rotate(InputStream body) {
        if (Http.object(body, false).size() > 0) {
            return Http.error(400, "invalid_request", "rotation takes no parameters: send no body or {}");
        }
        KeyRotation.Result r = rotation.rotate("admin");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rotated", true);
        out.put("revokedTokens", r.tokens());
        out.put("revokedGrants", r.grants());
        out.put("message", "the old key no longer works; print the new one with: nexo --print-key");
        return Http.ok(out);
    }
}

package dev.nexo.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
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

/** {@code /admin/api/grants}: the ledger of standing grants; {@code DELETE {id}} revokes at once. */
@Component(service = GrantsResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.grants")
@JSONRequired
@Path("/admin/api/grants")
@Produces(MediaType.APPLICATION_JSON)
public class GrantsResource {
    private final TrustPolicyService policy;

    @Activate
    public GrantsResource(@Reference TrustPolicyService policy) {
        this.policy = policy;
    }

    @GET
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GrantLedger.Entry e : policy.standingGrants()) {
            out.add(Views.grant(e.grant(), e.scope()));
        }
        return out;
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return policy.revokeGrant(id, "admin").map(g -> Response.noContent().build())
                .orElseGet(() -> Http.error(404, "not_found", "no standing grant with that id"));
    }
}

package dev.nexo.auth.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.trust.TrustWindow;

/**
 * {@code /admin/api/approvals}: the pending-approval queue (each with a {@code status}: pending,
 * or abandoned / expired for a day after a restart closed it). {@code POST {id}/approve} with an
 * optional {@code {"window":"1h"}} (capped at once for execute), {@code POST {id}/deny}.
 */
@Component(service = ApprovalsResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.approvals")
@JSONRequired
@Path("/admin/api/approvals")
@Produces(MediaType.APPLICATION_JSON)
public class ApprovalsResource {
    private final TrustPolicyService policy;

    @Activate
    public ApprovalsResource(@Reference TrustPolicyService policy) {
        this.policy = policy;
    }

    @GET
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ApprovalQueue.Pending p : policy.pendingApprovals()) {
            out.add(view(p));
        }
        for (ApprovalQueue.Pending p : policy.closedApprovals()) {
            out.add(view(p)); // abandoned or expired lately (e.g. across a restart): shown, not silently dropped
        }
        return out;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        return policy.pendingApproval(id).map(p -> Http.ok(view(p)))
                .orElseGet(() -> Http.error(404, "not_found", "no pending approval with that id"));
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") String id, InputStream body) {
        JsonNode json = Http.object(body, false);
        TrustWindow window = json.isMissingNode() ? null : Http.window(Http.text(json, "window"));
        return policy.approve(id, window, "admin").map(g -> Http.ok(Map.of("approval", id, "grant", Views.grant(g, "-"))))
                .orElseGet(() -> Http.error(404, "not_found", "no pending approval with that id (decided or expired)"));
    }

    @POST
    @Path("{id}/deny")
    public Response deny(@PathParam("id") String id, InputStream body) {
        Http.object(body, false);
        return policy.deny(id, "admin") ? Http.ok(Map.of("approval", id, "outcome", "denied"))
                : Http.error(404, "not_found", "no pending approval with that id (decided or expired)");
    }

    static Map<String, Object> view(ApprovalQueue.Pending p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id);
        m.put("status", p.status);
        m.put("subject", p.subject);
        m.put("tenant", p.tenant);
        m.put("capability", p.capability.id());
        m.put("sensitivity", p.capability.sensitivity().wireName());
        m.put("provenance", p.capability.provenance().wireName());
        m.put("description", p.capability.description());
        m.put("arguments", p.arguments == null ? null : Views.json(p.arguments));
        m.put("argumentsHash", p.argumentsHash);
        m.put("requestedWindow", p.requestedWindow.wireName());
        m.put("createdAt", p.createdAt.toString());
        m.put("expiresAt", p.expiresAt.toString());
        return m;
    }
}

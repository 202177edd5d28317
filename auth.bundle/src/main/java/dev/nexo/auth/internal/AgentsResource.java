package dev.nexo.auth.internal;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.ws.rs.Consumes;
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

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.trust.Capability;
import dev.nexo.api.trust.TrustWindow;

/**
 * {@code /admin/api/agents}: {@code POST connect} names an agent, grants its starting
 * capabilities and mints its one-time enrollment code; {@code GET} lists; {@code DELETE {id}}
 * revokes the agent, its tokens and its grants.
 */
@Component(service = AgentsResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.agents")
@JSONRequired
@Path("/admin/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {
    private static final int MAX_CAPABILITIES = 64;
    private final AgentRegistry agents;
    private final TrustPolicyService policy;

    @Activate
    public AgentsResource(@Reference AgentRegistry agents, @Reference TrustPolicyService policy) {
        this.agents = agents;
        this.policy = policy;
    }

    @GET
    public List<AgentRegistry.AgentDTO> list() {
        return agents.list();
    }

    @POST
    @Path("connect")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response connect(InputStream body) {
        JsonNode json = Http.object(body, true);
        String name = Http.text(json, "name");
        String tenant = Http.text(json, "tenant");
        tenant = tenant == null ? "default" : tenant;
        TrustWindow window = Http.window(Http.text(json, "window"));
        List<Capability> starting = startingCapabilities(json.path("capabilities"));
        try {
            AgentRegistry.requireAgentId(name);
            AgentRegistry.Ids.requireTenant(tenant);
        } catch (IllegalArgumentException e) {
            return Http.error(400, "invalid_request", e.getMessage());
        }
        String code = agents.connect(name, tenant);
        List<Map<String, Object>> grants = new ArrayList<>();
        for (Capability c : starting) {
            TrustWindow w = window == null ? TrustWindow.UNTIL_REVOKED : window;
            policy.grantByOperator(name, tenant, c.id(), w, "admin").ifPresent(g -> grants.add(Views.grant(g, "-")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent", name);
        out.put("tenant", tenant);
        out.put("enrollmentCode", code);
        out.put("expiresInSeconds", AgentRegistry.ENROLLMENT_TTL.toSeconds());
        out.put("redeem", "POST /agent/api/enroll {\"code\":\"<enrollmentCode>\"}");
        out.put("grants", grants);
        return Response.status(201).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").entity(out).build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        if (!agents.revoke(id, "admin")) {
            return Http.error(404, "not_found", "no live agent with that id");
        }
        policy.revokeSubject(id, "admin");
        return Response.noContent().build();
    }

    private List<Capability> startingCapabilities(JsonNode node) {
        List<Capability> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray() || node.size() > MAX_CAPABILITIES) {
            throw new Http.Refusal(400, "invalid_request", "'capabilities' must be an array of at most " + MAX_CAPABILITIES + " capability ids");
        }
        for (JsonNode c : node) {
            if (!c.isTextual()) {
                throw new Http.Refusal(400, "invalid_request", "'capabilities' must hold capability ids");
            }
            out.add(policy.capability(c.asText()).orElseThrow(() ->
                    new Http.Refusal(400, "unknown_capability", "no registered capability " + c.asText())));
        }
        return out;
    }
}

package dev.nexo.core.internal.agent.admin;

import dev.nexo.core.internal.agent.AgentEngine;
import dev.nexo.core.internal.agent.AgentRuntime;
import dev.nexo.core.internal.agent.UsageMeter;
import dev.nexo.core.internal.http.AdminApiAuthFilter;
import dev.nexo.core.internal.http.JsonErrors;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

/**
 * {@code GET /admin/api/runtime/agents} (configured agents), {@code …/agents/{id}/sessions} (live sessions),
 * {@code …/agents/usage} (tokens and turns per agent since start). Registered only while the agent
 * runtime runs (it needs a broker).
 */
@Component(service = AgentsResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JaxrsName("nexo.admin.runtime.agents")
@JSONRequired
@Path("/admin/api/runtime/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {
    private final AgentEngine engine;

    @Activate
    public AgentsResource(@Reference AgentRuntime runtime) {
        this.engine = runtime.engine();
    }

    @GET
    public List<AgentDTOs.AgentDTO> agents() {
        return engine.agents().stream().map(c -> AgentDTOs.agent(c, engine.sessions().of(c.id()).size())).toList();
    }

    @GET
    @Path("usage")
    public Map<String, UsageMeter.UsageDTO> usage() {
        return engine.usage().snapshot();
    }

    @GET
    @Path("{id}/sessions")
    public Response sessions(@PathParam("id") String id) {
        if (engine.agent(id).isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(JsonErrors.body("not_found", "no agent with id " + id)).build();
        }
        return Response.ok(engine.sessions().of(id).stream()
                .sorted(Comparator.comparing(s -> s.lastAccess())).map(AgentDTOs::session).toList()).build();
    }
}

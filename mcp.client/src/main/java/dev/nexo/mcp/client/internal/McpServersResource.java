package dev.nexo.mcp.client.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/api/mcp/servers}: health of every configured MCP server (state, tools, restarts,
 * last error, circuit) and a restart action. Behind the core's connection-key check like every
 * admin resource.
 */
@Component(service = McpServersResource.class)
@JaxrsResource
@JaxrsExtensionSelect("(osgi.jaxrs.name=nexo.admin.auth)")
@JaxrsName("nexo.admin.mcp.servers")
@JSONRequired
@Path("/admin/api/mcp/servers")
@Produces(MediaType.APPLICATION_JSON)
public class McpServersResource {
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");

    private final List<McpServerComponent> servers = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addServer(McpServerComponent server) {
        servers.add(server);
    }

    void removeServer(McpServerComponent server) {
        servers.remove(server);
    }

    @GET
    public List<ServerHealth> list() {
        return servers.stream().map(McpServerComponent::health).sorted(Comparator.comparing(h -> h.name)).toList();
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst()
                .map(s -> Response.ok(s.health()).build()).orElseGet(() -> notFound(name));
    }

    @POST
    @Path("{name}/restart")
    public Response restart(@PathParam("name") String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst().map(s -> {
            if (!s.restart()) {
                return Response.status(409).entity(Map.of("error", "not_running",
                        "message", "MCP server " + name + " has an invalid or disabled configuration")).build();
            }
            AUDIT.info("mcp.server.restart name={}", name);
            return Response.accepted(Map.of("name", name, "restarting", true)).build();
        }).orElseGet(() -> notFound(name));
    }

    private static Response notFound(String name) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "not_found", "message", "no MCP server named " + name)).build();
    }
}

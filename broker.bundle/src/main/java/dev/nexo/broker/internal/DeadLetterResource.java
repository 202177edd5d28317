package dev.nexo.broker.internal;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.api.event.Event;

/**
 * {@code /admin/api/dlq}: list, show, replay and purge dead letters; {@code /admin/api/dlq/broker}
 * shows the broker's kind, circuit and counters. Guarded by the core's admin auth filter; errors
 * use the admin API's typed JSON shape {@code {"error":"<code>","message":"…"}}.
 */
@Component(service = DeadLetterResource.class)
@JaxrsResource
@JaxrsExtensionSelect("(osgi.jaxrs.name=nexo.admin.auth)")
@JaxrsName("nexo.admin.dlq")
@JSONRequired
@Path("/admin/api/dlq")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    private final BrokerRuntime runtime;

    @Activate
    public DeadLetterResource(@Reference BrokerRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    public Response list(@QueryParam("limit") Integer limit) {
        try {
            int n = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
            return Response.ok(runtime.listDeadLetters(n)).build();
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    @GET
    @Path("{id}")
    public Response show(@PathParam("id") String id) {
        try {
            long n = parse(id);
            return runtime.deadLetter(n).map(d -> Response.ok(d).build()).orElseGet(() -> notFound(id));
        } catch (NumberFormatException e) {
            return notFound(id);
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    @POST
    @Path("{id}/replay")
    public Response replay(@PathParam("id") String id) {
        try {
            Event e = runtime.replay(parse(id));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("replayed", id);
            body.put("event_id", e.id());
            body.put("topic", e.topic());
            return Response.ok(body).build();
        } catch (NumberFormatException | java.util.NoSuchElementException e) {
            return notFound(id);
        } catch (IllegalArgumentException e) {
            return error(409, "not_replayable", e.getMessage());
        } catch (SQLException e) {
            return unavailable(e);
        } catch (RuntimeException e) {
            return error(503, "publish_failed", "the broker did not accept the event: " + e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        try {
            return runtime.deleteDeadLetter(parse(id)) ? Response.noContent().build() : notFound(id);
        } catch (NumberFormatException e) {
            return notFound(id);
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    @DELETE
    public Response purge() {
        try {
            return Response.ok(Map.of("purged", runtime.purgeDeadLetters())).build();
        } catch (SQLException e) {
            return unavailable(e);
        }
    }

    private static long parse(String id) {
        return Long.parseLong(id);
    }

    private static Response notFound(String id) {
        return error(404, "not_found", "no dead letter with id " + id);
    }

    private static Response unavailable(SQLException e) {
        return error(503, "store_unavailable", "the dead-letter store failed: " + e.getMessage());
    }

    private static Response error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}

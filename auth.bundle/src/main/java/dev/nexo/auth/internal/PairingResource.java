package dev.nexo.auth.internal;

import java.io.InputStream;
import java.util.List;

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

/**
 * {@code /admin/api/pairing}: list senders; {@code POST {code}/approve} / {@code reject};
 * {@code POST seed} pre-approves {@code {"channel","instance","sender"}};
 * {@code DELETE {channel}/{instance}/{sender}} forgets a sender.
 */
@Component(service = PairingResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.pairing")
@JSONRequired
@Path("/admin/api/pairing")
@Produces(MediaType.APPLICATION_JSON)
public class PairingResource {
    private final PairingStore pairing;

    @Activate
    public PairingResource(@Reference PairingStore pairing) {
        this.pairing = pairing;
    }

    @GET
    public List<PairingStore.SenderDTO> list() {
        return pairing.list();
    }

    @POST
    @Path("{code}/approve")
    public Response approve(@PathParam("code") String code, InputStream body) {
        Http.object(body, false);
        return pairing.approve(code, "admin").map(s -> Http.ok(s))
                .orElseGet(() -> Http.error(404, "not_found", "no pending pairing with that code (decided or expired)"));
    }

    @POST
    @Path("{code}/reject")
    public Response reject(@PathParam("code") String code, InputStream body) {
        Http.object(body, false);
        return pairing.reject(code, "admin").map(s -> Http.ok(s))
                .orElseGet(() -> Http.error(404, "not_found", "no pending pairing with that code (decided or expired)"));
    }

    @POST
    @Path("seed")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response seed(InputStream body) {
        JsonNode json = Http.object(body, true);
        try {
            return Response.status(201).type(MediaType.APPLICATION_JSON).entity(pairing.seed(Http.text(json, "channel"),
                    Http.text(json, "instance"), Http.text(json, "sender"), "admin")).build();
        } catch (IllegalArgumentException e) {
            return Http.error(400, "invalid_request", e.getMessage());
        }
    }

    @DELETE
    @Path("{channel}/{instance}/{sender}")
    public Response revoke(@PathParam("channel") String channel, @PathParam("instance") String instance,
            @PathParam("sender") String sender) {
        return pairing.revoke(channel, instance, sender, "admin") ? Response.noContent().build()
                : Http.error(404, "not_found", "no such sender");
    }
}

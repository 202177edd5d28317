package dev.nexo.auth.internal;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code /admin/api/audit}: query ({@code actor}, {@code action} — exact or a prefix ending in
 * '.', {@code outcome}, {@code after}, {@code limit}), {@code /verify} the hash chain, and
 * {@code /export} every row as JSON lines.
 */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.audit")
@JSONRequired
@Path("/admin/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditStore audit;

    @Activate
    public AuditResource(@Reference AuditStore audit) {
        this.audit = audit;
    }

    @GET
    public List<AuditStore.Row> query(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("outcome") String outcome, @QueryParam("after") String after, @QueryParam("limit") String limit) {
        return audit.query(actor, action, outcome, Http.nonNegative(after, "after"), Http.limit(limit, 100, 1000));
    }

    @GET
    @Path("verify")
    public AuditStore.Verification verify() {
        return audit.verify();
    }

    @GET
    @Path("export")
    @Produces("application/x-ndjson")
    public Response export() {
        StreamingOutput out = os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            audit.export(row -> {
                try {
                    w.write(JSON.writeValueAsString(row));
                    w.write('\n');
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            w.flush();
        };
        return Response.ok(out, "application/x-ndjson").header("Content-Disposition", "attachment; filename=\"nexo-audit.ndjson\"").build();
    }
}

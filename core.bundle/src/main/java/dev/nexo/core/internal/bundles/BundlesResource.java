package dev.nexo.core.internal.bundles;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.core.internal.deploy.DeployException;
import dev.nexo.core.internal.deploy.DeployWatcher;
import dev.nexo.core.internal.http.AdminApiAuthFilter;
import dev.nexo.core.internal.http.JsonErrors;

/**
 * {@code /admin/api/bundles}: list, install (upload), update and uninstall bundles while the
 * container runs. Uploads are stored in the deploy dir, so they survive a restart.
 */
@Component(service = BundlesResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JaxrsName("nexo.admin.bundles")
@JSONRequired
@Path("/admin/api/bundles")
@Produces(MediaType.APPLICATION_JSON)
public class BundlesResource {
    private static final org.slf4j.Logger AUDIT = org.slf4j.LoggerFactory.getLogger("nexo.audit");
    private final BundleContext context;
    private final DeployWatcher deploy;

    @Activate
    public BundlesResource(BundleContext context, @Reference DeployWatcher deploy) {
        this.context = context;
        this.deploy = deploy;
    }

    @GET
    public List<BundleDTO> list() {
        List<BundleDTO> all = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            all.add(dto(b));
        }
        return all;
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        Bundle b = find(id);
        return b == null ? notFound(id) : Response.ok(dto(b)).build();
    }

    @POST
    @Consumes({"application/java-archive", "application/octet-stream", "application/x-java-archive", "application/zip"})
    public Response install(@QueryParam("name") String name, InputStream body) {
        try {
            Bundle b = deploy.deploy(name, body);
            return Response.status(201).entity(dto(b)).build();
        } catch (DeployException e) {
            return error(e);
        }
    }

    @PUT
    @Path("{id}")
    @Consumes({"application/java-archive", "application/octet-stream", "application/x-java-archive", "application/zip"})
    public Response update(@PathParam("id") String id, InputStream body) {
        Bundle b = find(id);
        Response refused = refuseChange(id, b);
        if (refused != null) {
            return refused;
        }
        try {
            return Response.ok(dto(deploy.redeploy(b, body))).build();
        } catch (DeployException e) {
            return error(e);
        }
    }

    @DELETE
    @Path("{id}")
    public Response uninstall(@PathParam("id") String id) {
        Bundle b = find(id);
        Response refused = refuseChange(id, b);
        if (refused != null) {
            return refused;
        }
        try {
            deploy.undeploy(b);
            return Response.noContent().build();
        } catch (DeployException e) {
            return error(e);
        }
    }

    @POST
    @Path("{id}/start")
    public Response start(@PathParam("id") String id) {
        return lifecycle(id, true);
    }

    @POST
    @Path("{id}/stop")
    public Response stop(@PathParam("id") String id) {
        return lifecycle(id, false);
    }

    /** Starts or stops a bundle; a bundle that cannot resolve answers 409 with the resolver's words. */
    private Response lifecycle(String id, boolean start) {
        Bundle b = find(id);
        Response refused = refuseChange(id, b);
        if (refused != null) {
            return refused;
        }
        try {
            if (start) {
                b.start();
            } else {
                b.stop();
            }
            AUDIT.info("bundle.{} id={} bsn={}", start ? "start" : "stop", b.getBundleId(), b.getSymbolicName());
            return Response.ok(dto(b)).build();
        } catch (BundleException | IllegalStateException e) {
            return Response.status(409).type(MediaType.APPLICATION_JSON)
                    .entity(JsonErrors.body(start ? "start_failed" : "stop_failed", String.valueOf(e.getMessage()))).build();
        }
    }

    private BundleDTO dto(Bundle b) {
        return BundleDTO.of(b, deploy.isDeployed(b), deploy.error(b).orElse(null));
    }

    private Bundle find(String id) {
        try {
            return context.getBundle(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** @return why {@code b} may not be changed (unknown id, system bundle), or null when it may */
    private static Response refuseChange(String id, Bundle b) {
        if (b == null) {
            return notFound(id);
        }
        return b.getBundleId() == 0 ? protectedBundle() : null;
    }

    private static Response notFound(String id) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body("not_found", "no bundle with id " + id)).build();
    }

    private static Response protectedBundle() {
        return Response.status(409).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body("protected_bundle", "the system bundle cannot be changed through the API")).build();
    }

    private static Response error(DeployException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(JsonErrors.body(e.code(), e.getMessage())).build();
    }
}

package dev.nexo.core.internal.status;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.core.internal.http.AdminApiAuthFilter;

/** {@code GET /admin/api/status}: the container summary. */
@Component(service = StatusResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JaxrsName("nexo.admin.status")
@JSONRequired
@Path("/admin/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    private final StatusService status;

    @Activate
    public StatusResource(@Reference StatusService status) {
        this.status = status;
    }

    @GET
    public StatusService.StatusDTO get() {
        return status.status();
    }
}

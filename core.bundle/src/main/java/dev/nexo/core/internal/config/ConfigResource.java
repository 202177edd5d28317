package dev.nexo.core.internal.config;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.core.internal.http.AdminApiAuthFilter;

/** {@code GET /admin/api/config}: load status and masked effective config. Admin auth is a filter's job. */
@Component(service = ConfigResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JSONRequired
@Path("/admin/api/config")
@Produces("application/json")
public class ConfigResource {
    private final ConfigService service;

    @Activate
    public ConfigResource(@Reference ConfigService service) {
        this.service = service;
    }

    @GET
    public ConfigStatusDto get() {
        return ConfigStatusDto.from(service.status());
    }
}

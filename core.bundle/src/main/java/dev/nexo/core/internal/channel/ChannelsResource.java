package dev.nexo.core.internal.channel;

import java.util.List;

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

/** {@code GET /admin/api/channels}: every registered channel instance. */
@Component(service = ChannelsResource.class)
@JaxrsResource
@JaxrsExtensionSelect(AdminApiAuthFilter.SELECT)
@JaxrsName("nexo.admin.channels")
@JSONRequired
@Path("/admin/api/channels")
@Produces(MediaType.APPLICATION_JSON)
public class ChannelsResource {
    private final ChannelRegistry registry;

    @Activate
    public ChannelsResource(@Reference ChannelRegistry registry) {
        this.registry = registry;
    }

    @GET
    public List<ChannelRegistry.ChannelDTO> list() {
        return registry.list();
    }
}

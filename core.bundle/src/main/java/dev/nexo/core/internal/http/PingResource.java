package dev.nexo.core.internal.http;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

@Component(service = PingResource.class)
@JaxrsResource
@Path("/ping")
public class PingResource {
    @GET
    @Produces("text/plain")
    public String ping() {
        return "pong";
    }
}

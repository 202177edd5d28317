package dev.nexo.auth.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import dev.nexo.api.trust.Capability;

/** {@code /admin/api/capabilities}: every registered capability with its sensitivity and provenance. */
@Component(service = CapabilitiesResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Http.ADMIN_SELECT)
@JaxrsName("nexo.admin.capabilities")
@JSONRequired
@Path("/admin/api/capabilities")
@Produces(MediaType.APPLICATION_JSON)
public class CapabilitiesResource {
    private final TrustPolicyService policy;

    @Activate
    public CapabilitiesResource(@Reference TrustPolicyService policy) {
        this.policy = policy;
    }

    @GET
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Capability c : policy.capabilities()) {
            out.add(Views.capability(c));
        }
        return out;
    }
}

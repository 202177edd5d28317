package dev.nexo.auth.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /.well-known/nexo}: the gateway describes itself — protocol version (versioned apart
 * from the software, evolved additively: new fields and endpoints only) and its endpoints.
 * Public: it reveals no capability and no state.
 */
@Component(service = WellKnownResource.class)
@JaxrsResource
@JaxrsName("nexo.agent.wellknown")
@JSONRequired
@Path("/.well-known/nexo")
@Produces(MediaType.APPLICATION_JSON)
public class WellKnownResource {
    /** The agent protocol version; minor bumps add, never remove or change. */
    public static final String PROTOCOL = "1.0";

    @GET
    public Map<String, Object> describe() {
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("enroll", "POST /agent/api/enroll");
        endpoints.put("capabilities", "GET /agent/api/capabilities");
        endpoints.put("capability", "GET /agent/api/capabilities/{id}");
        endpoints.put("requestGrant", "POST /agent/api/grants");
        endpoints.put("approval", "GET /agent/api/approvals/{id}");
        endpoints.put("invoke", "POST /agent/api/invoke/{capability}");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", "nexo");
        out.put("protocol", PROTOCOL);
        out.put("auth", Map.of("scheme", "Bearer", "tokenPrefix", Secrets.TOKEN_PREFIX,
                "enrollmentCodePrefix", Secrets.ENROLL_PREFIX));
        out.put("windows", new String[] {"once", "1h", "1d", "7d", "until-revoked"});
        out.put("endpoints", endpoints);
        return out;
    }
}

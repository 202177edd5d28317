package dev.nexo.core.internal.http;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Gives every JAX-RS failure of the admin API Nexo's typed JSON error body — unknown paths,
 * wrong methods and media types included — and keeps the details of unexpected exceptions in
 * the log (with the request's correlation id), not in the response.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("nexo.admin.errors")
public class JsonExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);
    /** The only words an unexpected failure gets in a response; the exception stays in the log. */
    static final String INTERNAL = "the request failed inside the container; the log has the details";

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse() != null) {
            int status = web.getResponse().getStatus();
            return json(status, code(status), reason(web.getResponse()));
        }
        LOG.error("admin API request failed", failure);
        return json(500, "internal_error", INTERNAL);
    }

    /** @return the stable error code for an HTTP status */
    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "http_" + status;
        };
    }

    private static String reason(Response response) {
        Response.StatusType info = response.getStatusInfo();
        return info == null ? "request refused" : info.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(JsonErrors.text(code, message)).build();
    }
}

package dev.nexo.auth.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Request bodies and typed errors for the auth bundle's resources, in the core's error shape
 * {@code {"error":"<code>","message":"<words>"}}. Bodies are read with a hard size limit and
 * parsed here, so malformed or oversized JSON is a 400/413, never a 500.
 */
final class Http {
    /** Largest request body accepted. */
    static final int MAX_BODY = 64 * 1024;
    static final String ADMIN_SELECT = "(osgi.jaxrs.name=nexo.admin.auth)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** Thrown to answer with a typed error. */
    static final class Refusal extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        Refusal(int status, String code, String message) {
            super(error(status, code, message));
        }
    }

    static Response error(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").entity(body).build();
    }

    static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").build();
    }

    /**
     * @param required whether an empty body is an error
     * @return the body's JSON object, or a missing node when optional and empty
     */
    static JsonNode object(InputStream in, boolean required) {
        byte[] bytes = read(in);
        if (bytes.length == 0) {
            if (required) {
                throw new Refusal(400, "invalid_request", "a JSON object body is required");
            }
            return MissingNode.getInstance();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new Refusal(400, "malformed_json", "the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Refusal(400, "invalid_request", "the body must be a JSON object");
        }
        return node;
    }

    /** @return the raw body, at most {@link #MAX_BODY} bytes */
    static byte[] read(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Refusal(413, "payload_too_large", "request bodies are limited to " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new Refusal(400, "invalid_request", "the request body could not be read");
        }
    }

    /** @return a text field, or null when absent; a present non-text value is an error */
    static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Refusal(400, "invalid_request", "'" + field + "' must be a string");
        }
        return v.asText();
    }

    static int limit(String value, int dflt, int max) {
        if (value == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 1 || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refusal(400, "invalid_request", "limit must be a number from 1 to " + max);
        }
    }

    static long nonNegative(String value, String what) {
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new Refusal(400, "invalid_request", what + " must be a non-negative number");
        }
    }

    static dev.nexo.api.trust.TrustWindow window(String wire) {
        try {
            return wire == null ? null : dev.nexo.api.trust.TrustWindow.parse(wire);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "invalid_window", "window must be once, 1h, 1d, 7d or until-revoked");
        }
    }
}

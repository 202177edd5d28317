package dev.nexo.core.internal.http.jetty;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import dev.nexo.core.internal.http.JsonErrors;

/**
 * Jetty's server-level error handler, replaced so that what Jetty answers by itself — a request
 * its parser refuses before any servlet runs (431 header too large, 414 URI too long, 400 bad
 * request line, URI or header, 413) and errors raised outside a servlet context — carries Nexo's
 * typed JSON error instead of Jetty's HTML page. The message is the status's standard phrase:
 * nothing from the request is echoed.
 */
final class TypedErrorHandler extends ErrorHandler {
    TypedErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
    }

    /** @return the stable error code for a status Jetty produced */
    static String code(int status) {
        return switch (status) {
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "header_too_large";
            case HttpStatus.URI_TOO_LONG_414 -> "uri_too_long";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "payload_too_large";
            case HttpStatus.NOT_FOUND_404 -> "not_found";
            case HttpStatus.METHOD_NOT_ALLOWED_405 -> "method_not_allowed";
            case HttpStatus.BAD_REQUEST_400 -> "bad_request";
            default -> status >= 500 ? "server_error" : "http_error";
        };
    }

    static String json(int status) {
        String phrase = HttpStatus.getMessage(status);
        return JsonErrors.text(code(status), phrase == null ? "HTTP " + status : phrase);
    }

    /** Parser-level refusals: called by the connection before any request object exists. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8"));
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        return ByteBuffer.wrap(json(status).getBytes(StandardCharsets.UTF_8));
    }

    /** Errors Jetty sends for a parsed request that no servlet context answered. */
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.resetBuffer();
        JsonErrors.write(response, code, JsonErrors.body(code(code), phrase(code)));
    }

    private static String phrase(int status) {
        String phrase = HttpStatus.getMessage(status);
        return phrase == null ? "HTTP " + status : phrase;
    }
}

package dev.nexo.test.support.http;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An HTTP response as the tests see it: status, content type ({@code ""} when absent) and body.
 *
 * @param status the HTTP status, or -1 when the request did not get an answer
 * @param contentType the {@code Content-Type} header, or {@code ""}
 * @param body the body as text
 */
public record Reply(int status, String contentType, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 500;

    /** @return the body parsed as JSON; fails naming the status and body when it is not JSON */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
        }
    }

    /** @return the {@code error} code of a typed JSON error body */
    public String error() {
        return json().path("error").asText();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + (body.length() > SHOWN ? body.substring(0, SHOWN) + "…" : body);
    }
}

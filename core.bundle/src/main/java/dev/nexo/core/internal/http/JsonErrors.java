package dev.nexo.core.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes Nexo's typed JSON error body: {@code {"error":"<code>","message":"<words>"}}. */
public final class JsonErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrors() {
    }

    /** Builds the error body map; the code is stable and machine-readable, the message is for people. */
    public static Map<String, Object> body(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    /** @return the error body as JSON text, for JAX-RS responses */
    public static String text(String code, String message) {
        try {
            return JSON.writeValueAsString(body(code, message));
        } catch (JsonProcessingException e) {
            return "{\"error\":\"" + code + "\"}";
        }
    }

    /** Writes {@code body} as JSON with the given status. */
    public static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentLength(bytes.length);
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(bytes);
    }

    /** Writes a typed error. */
    public static void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        write(resp, status, body(code, message));
    }
}

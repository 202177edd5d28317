package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the Graph API endpoints the channel uses, speaking the documented shapes:
 * <ul>
 * <li>{@code POST /v21.0/{pnid}/messages} → {@code {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],
 *     "messages":[{"id":"wamid.N"}]}}; a mark-as-read body ({@code "status":"read"}) → {@code {"success":true}};</li>
 * <li>{@code POST /v21.0/{pnid}/media} (multipart) → {@code {"id":"media-N"}};</li>
 * <li>{@code GET /v21.0/{pnid}?fields=...} → {@code {"display_phone_number","verified_name","id"}};</li>
 * <li>scripted errors: {@code {"error":{"message","type":"OAuthException","code","error_subcode",
 *     "is_transient","fbtrace_id"}}} with the HTTP status Meta uses.</li>
 * </ul>
 * It records every request (method, path and query, headers, raw body) for the tests to assert.
 */
final class FakeGraphApi implements AutoCloseable {
    static final String PNID = "109876543210";
    static final String TOKEN = "EAAG-test-token";

    record Request(String method, String path, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return GraphApi.JSON.readTree(body);
        }
    }

    record Scripted(int status, String body, Map<String, String> headers) {
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Media the fake serves: media id → content; {@code GET /v21.0/{id}} answers its info, the URL its bytes. */
    final Map<String, byte[]> media = new ConcurrentHashMap<>();
    /** The sha256 the media info reports, when a test wants it wrong; else the real hex digest. */
    final Map<String, String> mediaSha = new ConcurrentHashMap<>();
    private final Map<String, Deque<Scripted>> scripts = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final HttpServer server;

    FakeGraphApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request to {@code /v21.0/{pnid}<suffix>} gets this answer instead of success. */
    void script(String suffix, int status, String body, Map<String, String> headers) {
        scripts.computeIfAbsent("/v21.0/" + PNID + suffix, k -> new ArrayDeque<>()).add(new Scripted(status, body, headers));
    }

    static String error(int code, String message, boolean transientFlag) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"OAuthException\",\"code\":" + code
                + ",\"error_subcode\":2494010,\"is_transient\":" + transientFlag + ",\"fbtrace_id\":\"AbCdEf\"}}";
    }

    List<Request> to(String suffix) {
        return requests.stream().filter(r -> r.path().startsWith("/v21.0/" + PNID + suffix)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        requests.add(new Request(ex.getRequestMethod(), path + (query == null ? "" : "?" + query),
                ex.getRequestHeaders(), body));
        Deque<Scripted> q = scripts.get(path);
        Scripted s = q == null ? null : q.poll();
        if (s != null) {
            s.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            reply(ex, s.status(), s.body());
        } else if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, error(190, "Invalid OAuth access token.", false));
        } else if (path.endsWith("/messages") && new String(body, StandardCharsets.UTF_8).contains("\"status\":\"read\"")) {
            reply(ex, 200, "{\"success\":true}");
        } else if (path.endsWith("/messages")) {
            JsonNode req = GraphApi.JSON.readTree(body);
            reply(ex, 200, "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + req.path("to").asText()
                    + "\",\"wa_id\":\"" + req.path("to").asText() + "\"}],\"messages\":[{\"id\":\"wamid.N"
                    + ids.incrementAndGet() + "\"}]}");
        } else if (path.endsWith("/media")) {
            reply(ex, 200, "{\"id\":\"media-" + ids.incrementAndGet() + "\"}");
        } else if (path.startsWith("/v21.0/") && media.containsKey(path.substring(7))) {
            String id = path.substring(7);
            byte[] content = media.get(id);
            reply(ex, 200, "{\"messaging_product\":\"whatsapp\",\"url\":\"" + baseUrl() + "/lookaside/" + id
                    + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"" + mediaSha.getOrDefault(id, sha256(content))
                    + "\",\"file_size\":" + content.length + ",\"id\":\"" + id + "\"}");
        } else if (path.startsWith("/lookaside/") && media.containsKey(path.substring(11))) {
            byte[] content = media.get(path.substring(11));
            ex.sendResponseHeaders(200, content.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(content);
            }
        } else if (path.equals("/v21.0/" + PNID)) {
            reply(ex, 200, "{\"display_phone_number\":\"15550001111\",\"verified_name\":\"Nexo Test\",\"id\":\"" + PNID + "\"}");
        } else {
            reply(ex, 404, error(100, "Unknown path components", false));
        }
    }

    static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.nexo.channel.whatsapp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;

/**
 * The Graph API endpoints the channel uses, one request per call, no retries (see {@link Retry}):
 * {@code POST /{version}/{phone-number-id}/messages} (JSON), {@code POST .../media} (multipart
 * upload) and {@code GET /{version}/{phone-number-id}} (account check). Every request carries
 * {@code Authorization: Bearer <access token>}; failures complete the stage with a
 * {@link ChannelException} from {@link GraphErrors}.
 */
final class GraphApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String root;
    private final String base;
    private final String token;
    private final Duration timeout;

    GraphApi(HttpClient http, String baseUrl, String version, String phoneNumberId, String token, Duration timeout) {
        this.http = http;
        this.root = stripSlash(baseUrl) + "/" + version;
        this.base = root + "/" + phoneNumberId;
        this.token = token;
        this.timeout = timeout;
    }

    /** @return the response of {@code POST /messages} with this JSON body */
    CompletionStage<JsonNode> postMessage(ObjectNode body) {
        return send(request("/messages").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    /** @return the media id Meta assigned to the uploaded file */
    CompletionStage<String> uploadMedia(Path file, String mimeType) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.FAILED,
                    "cannot read media file " + file.getFileName(), null, e));
        }
        String boundary = "nexo-" + UUID.randomUUID();
        byte[] multipart = multipart(boundary, file.getFileName().toString(), mimeType, bytes);
        return send(request("/media").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)).build())
                .thenApply(json -> {
                    String id = json.path("id").asText("");
                    if (id.isEmpty()) {
                        throw new ChannelException(ChannelErrorCode.FAILED, "media upload answered without an id");
                    }
                    return id;
                });
    }

    /** @return the phone number's display number and verified name; proves the token works */
    CompletionStage<JsonNode> phoneNumber() {
        return send(request("?fields=display_phone_number,verified_name").GET().build());
    }

    /** @return {@code GET /{version}/{media-id}}: {@code url}, {@code mime_type}, {@code sha256}, {@code file_size} */
    CompletionStage<JsonNode> mediaInfo(String mediaId) {
        if (!mediaId.matches("[A-Za-z0-9_-]{1,128}")) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.FAILED, "not a media id"));
        }
        return send(authorized(URI.create(root + "/" + mediaId)).GET().build());
    }

    /** @return the bytes at a media URL Graph handed out (it needs the same Bearer token), at most {@code max} */
    CompletionStage<byte[]> fetch(String url, long max) {
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.FAILED, "media url is not http(s)"));
        }
        return http.sendAsync(authorized(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new ChannelException(ChannelErrorCode.CONNECTION_FAILED,
                                "media download failed: " + failure.getClass().getSimpleName(), null, failure));
                    }
                    if (response.statusCode() / 100 != 2 || response.body().length > max) {
                        throw new CompletionException(new ChannelException(ChannelErrorCode.FAILED,
                                "media download answered HTTP " + response.statusCode() + " with "
                                        + response.body().length + " bytes"));
                    }
                    return response.body();
                });
    }

    private HttpRequest.Builder request(String suffix) {
        return authorized(URI.create(base + suffix));
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Authorization", "Bearer " + token);
    }

    private CompletionStage<JsonNode> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new ChannelException(ChannelErrorCode.CONNECTION_FAILED,
                                "Graph API unreachable: " + failure.getClass().getSimpleName(), null, failure));
                    }
                    JsonNode body = parse(response.body());
                    if (response.statusCode() / 100 == 2 && body != null) {
                        return body;
                    }
                    throw new CompletionException(GraphErrors.from(response.statusCode(), body,
                            retryAfter(response)));
                });
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException notSeconds) {
                return null;
            }
        }).orElse(null);
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON tree not serialisable", e);
        }
    }

    static byte[] multipart(String boundary, String fileName, String mimeType, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
        String safeName = fileName.replace("\"", "_").replace("\r", "_").replace("\n", "_");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + mimeType + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + safeName + "\"\r\n"
                + "Content-Type: " + mimeType + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}

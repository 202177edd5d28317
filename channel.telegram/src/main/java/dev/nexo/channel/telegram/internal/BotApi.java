package dev.nexo.channel.telegram.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Bot API over the JDK's {@link HttpClient}: JSON calls ({@code POST /bot<token>/<method>}),
 * multipart uploads and file downloads ({@code GET /file/bot<token>/<path>}). Every answer is
 * checked for {@code ok}; failures become {@link BotApiException}s without the token in them.
 */
final class BotApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI base;
    private final String token;

    BotApi(HttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    /** @return a fresh parameter object */
    static ObjectNode params() {
        return JSON.createObjectNode();
    }

    /** Calls a method with JSON parameters and the default timeout; completes with {@code result}. */
    CompletableFuture<JsonNode> call(String method, ObjectNode params) {
        return call(method, params, CALL_TIMEOUT);
    }

    /** Calls a method with JSON parameters; completes with {@code result} or a {@link BotApiException}. */
    CompletableFuture<JsonNode> call(String method, ObjectNode params, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString(), StandardCharsets.UTF_8))
                .build();
        return send(method, request);
    }

    /**
     * Uploads a local file with {@code multipart/form-data} (sendPhoto, sendDocument, ...).
     *
     * @param fields the other parameters, as text
     * @param fileField the file's parameter name, e.g. {@code photo}
     */
    CompletableFuture<JsonNode> upload(String method, Map<String, String> fields, String fileField, Path file,
            String fileName, String mimeType) {
        String boundary = "nexo-" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        fields.forEach((k, v) -> parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k
                + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
        try {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                    + fileName.replace("\"", "").replace("\r", "").replace("\n", "") + "\"\r\nContent-Type: "
                    + mimeType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            parts.add(Files.readAllBytes(file));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(BotApiException.answer(400, "cannot read file to upload: "
                    + file.getFileName(), null));
        }
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(methodUri(method))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
                .build();
        return send(method, request);
    }

    /** Downloads {@code file_path} (from getFile) to {@code target}, atomically. */
    CompletableFuture<Path> download(String filePath, Path target) {
        URI uri = URI.create(base + "/file/bot" + token + "/" + filePath);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .handle((resp, err) -> {
                    if (err != null) {
                        throw network("download", err);
                    }
                    try (InputStream in = resp.body()) {
                        if (resp.statusCode() != 200) {
                            throw BotApiException.answer(resp.statusCode(), "file download failed", null);
                        }
                        Files.createDirectories(target.getParent());
                        Path tmp = target.resolveSibling(target.getFileName() + ".part");
                        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return target;
                    } catch (IOException e) {
                        throw network("download", e);
                    }
                });
    }

    private URI methodUri(String method) {
        return URI.create(base + "/bot" + token + "/" + method);
    }

    private CompletableFuture<JsonNode> send(String method, HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((resp, err) -> {
                    if (err != null) {
                        throw network(method, err);
                    }
                    return result(method, resp.statusCode(), resp.body());
                });
    }

    /** Reads a Bot API answer: {@code {"ok":true,"result":...}} or {@code {"ok":false,"error_code":..,...}}. */
    static JsonNode result(String method, int status, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw BotApiException.answer(status == 200 ? 502 : status, method + ": answer is not Bot API JSON", null);
        }
        if (node.path("ok").asBoolean(false) && status == 200) {
            return node.path("result");
        }
        int code = node.path("error_code").asInt(status);
        JsonNode after = node.path("parameters").path("retry_after");
        Duration retryAfter = after.isNumber() ? Duration.ofSeconds(Math.max(0, after.asLong())) : null;
        return failed(method, code, node.path("description").asText("no description"), retryAfter);
    }

    private static JsonNode failed(String method, int code, String description, Duration retryAfter) {
        throw BotApiException.answer(code, method + ": " + description, retryAfter);
    }

    private RuntimeException network(String what, Throwable err) {
        Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        if (cause instanceof BotApiException) {
            return (BotApiException) cause;
        }
        boolean notSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
        String text = String.valueOf(cause.getMessage()).replace(token, "<token>");
        return BotApiException.network(what + ": " + cause.getClass().getSimpleName() + " " + text, !notSent, null);
    }
}

package dev.nexo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * The CLI's connection to a running container's admin API. Finds the URL ({@code --url}, then
 * {@code NEXO_ADMIN_URL}, then {@code <state>/admin.url} written by the container, then
 * {@code http://127.0.0.1:$NEXO_ADMIN_PORT} or 7077) and the connection key
 * ({@code <state>/connection.key}), and turns every failure into an {@link AdminException} with a
 * documented exit code.
 */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    static AdminClient connect(String urlOption, Path stateOption, Function<String, String> env) {
        Path state = ConnectionKey.stateRoot(stateOption, env);
        URI base = URI.create(stripSlash(resolveUrl(urlOption, state, env)));
        Path keyFile = state.resolve("connection.key");
        String key;
        try {
            key = Files.isRegularFile(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            throw new AdminException(ExitCodes.UNAUTHORIZED, "cannot read the connection key at " + keyFile);
        }
        if (key.isEmpty()) {
            throw new AdminException(ExitCodes.UNAUTHORIZED, "no connection key at " + keyFile
                    + " (start the container once, or pass --state DIR / set NEXO_HOME)");
        }
        return new AdminClient(base, key);
    }

    static String resolveUrl(String option, Path state, Function<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option.trim();
        }
        String fromEnv = env.apply("NEXO_ADMIN_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path file = state.resolve("admin.url");
        try {
            if (Files.isRegularFile(file)) {
                String url = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (!url.isEmpty()) {
                    return url;
                }
            }
        } catch (IOException e) {
            // fall through to the default port
        }
        String port = env.apply("NEXO_ADMIN_PORT");
        return "http://127.0.0.1:" + (port == null || port.isBlank() ? "7077" : port.trim());
    }

    URI base() {
        return base;
    }

    JsonNode get(String path) {
        return send(request(path).GET());
    }

    JsonNode post(String path, HttpRequest.BodyPublisher body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(body));
    }

    JsonNode put(String path, HttpRequest.BodyPublisher body, String contentType) {
        return send(request(path).header("Content-Type", contentType).PUT(body));
    }

    JsonNode postJson(String path, Object body) {
        try {
            return post(path, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)), "application/json");
        } catch (IOException e) {
            throw new AdminException(ExitCodes.FAILED, "cannot encode the request: " + e.getMessage());
        }
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    /**
     * A GET whose answer is not one JSON document (e.g. JSON lines): the body as text. Errors are
     * still the admin API's JSON and map to the same exit codes.
     */
    String getText(String path, String accept) {
        return exchange(request(path).setHeader("Accept", accept).GET()).body();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder builder) {
        return parse(exchange(builder).body());
    }

    /** @return a 2xx response; anything else is an {@link AdminException} */
    private HttpResponse<String> exchange(HttpRequest.Builder builder) {
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new AdminException(ExitCodes.UNREACHABLE, "no container answers at " + base
                    + " (is it running? start it with `nexo start`, or pass --url)");
        } catch (IOException e) {
            throw new AdminException(ExitCodes.UNREACHABLE, "lost the connection to " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(ExitCodes.FAILED, "interrupted");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        JsonNode body = parse(response.body());
        String code = body.path("error").isTextual() ? body.path("error").asText()
                : body.path("error").path("code").asText("http_" + status);
        String message = body.path("message").asText(body.path("error").path("message").asText(""));
        throw new AdminException(ExitCodes.forStatus(status), code + (message.isEmpty() ? "" : ": " + message));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}

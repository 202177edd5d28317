package dev.nexo.test.support.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.nexo.test.support.Poll;

/**
 * HTTP against a container's loopback server ({@code 127.0.0.1:<port>}) with any bearer
 * credential or none, through the JDK's {@link HttpClient}. Used from the test JVM (e2e) and from
 * inside the framework (itest), so it needs nothing but {@code java.*} and Jackson.
 */
public final class LoopbackHttp {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    private final Duration timeout;

    /**
     * @param port the server's loopback port
     * @param timeout how long one request may take
     */
    public LoopbackHttp(int port, Duration timeout) {
        this.port = port;
        this.timeout = timeout;
    }

    /** @return the port this client talks to */
    public int port() {
        return port;
    }

    /**
     * Sends one request.
     *
     * @param bearer sent as {@code Authorization: Bearer <bearer>} unless null
     * @param contentType sent as {@code Content-Type} unless null
     * @param body the request body, or null for none
     * @param headers more headers as name, value pairs
     * @return the reply; an I/O failure is an {@link UncheckedIOException} naming the request
     */
    public Reply send(String method, String path, String bearer, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@link #send} with a JSON body ({@code Content-Type: application/json}), or none when {@code json} is null. */
    public Reply sendJson(String method, String path, String bearer, String json) {
        return send(method, path, bearer, json == null ? null : "application/json",
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits (bounded) for the connection-key the container writes into its state root on first
     * boot. @return the key
     */
    public static String awaitKey(Path stateRoot, Duration timeout) {
        Path keyFile = stateRoot.resolve("connection.key");
        return Poll.until("the connection-key file " + keyFile, timeout, () -> {
            try {
                return Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8).trim() : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, k -> !k.isEmpty());
    }
}

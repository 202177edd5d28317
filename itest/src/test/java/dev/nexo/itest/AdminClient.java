package dev.nexo.itest;

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

import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the container's loopback admin server, holding the connection-key. */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    AdminClient(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** A client for the framework's admin server: its port and connection-key (waits for the key file). */
    public static AdminClient forFramework(BundleContext context, Duration wait) {
        int port = Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
        Path keyFile = Path.of(context.getProperty("nexo.state.root"), "connection.key");
        String key = Poll.until("the connection-key file " + keyFile, wait, () -> readKey(keyFile), k -> !k.isEmpty());
        return new AdminClient(port, key);
    }

    private static String readKey(Path keyFile) {
        try {
            return Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.UTF_8).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a client for the same server that sends no connection-key */
    public AdminClient withoutKey() {
        return new AdminClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), null);
    }

    /** A response: status and body. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    public Reply get(String path) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (key != null) {
            req.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

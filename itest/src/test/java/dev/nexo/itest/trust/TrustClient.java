package dev.nexo.itest.trust;

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
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP against the framework's loopback server with any bearer credential (or none). */
final class TrustClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Path keyFile;

    TrustClient(BundleContext context) {
        this.base = "http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port");
        this.keyFile = Path.of(context.getProperty("nexo.state.root"), "connection.key");
    }

    /** @return the current connection-key, waiting for the file on first boot */
    String adminKey() {
        return until("the connection-key file", Duration.ofSeconds(30), () -> {
            try {
                return Files.exists(keyFile) ? Files.readString(keyFile, StandardCharsets.US_ASCII).trim() : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, k -> !k.isEmpty());
    }

    record Reply(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        String error() {
            return json().path("error").asText();
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }

    Reply get(String path, String bearer) {
        return send("GET", path, bearer, null);
    }

    Reply post(String path, String bearer, String json) {
        return send("POST", path, bearer, json);
    }

    Reply delete(String path, String bearer) {
        return send("DELETE", path, bearer, null);
    }

    Reply send(String method, String path, String bearer, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (true) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}

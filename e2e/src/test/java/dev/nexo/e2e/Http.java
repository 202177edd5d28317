package dev.nexo.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP against the container's loopback admin server, with an optional connection-key. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String key;

    Http(int port) {
        this(port, null);
    }

    private Http(int port, String key) {
        this.port = port;
        this.key = key;
    }

    /** @return a client for the same server that sends {@code Authorization: Bearer <key>} */
    public Http withKey(String key) {
        return new Http(port, key);
    }

    /** A response: status, content type and body. */
    public record Reply(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }

    public Reply get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    Reply post(String path, byte[] body) {
        return send(request(path, "Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Any method, body and content type: for requests the API must refuse. */
    Reply send(String method, String path, String contentType, byte[] body) {
        return send(request(path, "Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply put(String path, byte[] body) {
        return send(request(path, "Content-Type", "application/java-archive")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    Reply delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private static Reply send(HttpRequest.Builder request) {
        HttpRequest req = request.build();
        try {
            HttpResponse<String> res = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""), res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends a GET with a chosen {@code Host} header over a plain socket (java.net.http refuses to
     * set {@code Host}) and returns the status and body.
     */
    Reply rawGet(String path, String host) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String raw = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(raw.indexOf(' ') + 1, raw.indexOf(' ') + 4));
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : raw.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Reply(status, "", body);
        } catch (IOException e) {
            throw new UncheckedIOException("raw GET " + path + " failed", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}

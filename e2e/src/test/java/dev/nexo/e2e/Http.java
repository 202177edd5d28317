package dev.nexo.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.nexo.test.support.http.LoopbackHttp;
import dev.nexo.test.support.http.Reply;

/** HTTP against the container's loopback admin server, with an optional connection-key. */
public final class Http {
    private final LoopbackHttp http;
    private final int port;
    private final String key;

    Http(int port) {
        this(port, null);
    }

    private Http(int port, String key) {
        this.http = new LoopbackHttp(port, Duration.ofSeconds(15));
        this.port = port;
        this.key = key;
    }

    /** @return a client for the same server that sends {@code Authorization: Bearer <key>} */
    public Http withKey(String key) {
        return new Http(port, key);
    }

    public Reply get(String path, String... headers) {
        return http.send("GET", path, key, null, null, headers);
    }

    Reply post(String path, byte[] body) {
        return send("POST", path, "application/java-archive", body);
    }

    /** Any method, body and content type: for requests the API must refuse. */
    Reply send(String method, String path, String contentType, byte[] body) {
        return http.send(method, path, key, contentType, body);
    }

    Reply put(String path, byte[] body) {
        return send("PUT", path, "application/java-archive", body);
    }

    Reply delete(String path) {
        return http.send("DELETE", path, key, null, null);
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

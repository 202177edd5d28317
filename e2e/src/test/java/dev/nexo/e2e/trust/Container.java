package dev.nexo.e2e.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The built distribution as a child process, and raw HTTP against it with any credential. */
final class Container implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path stateRoot;
    private final Path log;
    private final int port;

    private Container(Process process, Path stateRoot, Path log, int port) {
        this.process = process;
        this.stateRoot = stateRoot;
        this.log = log;
        this.port = port;
    }

    static Container start(String name) throws IOException {
        Path jar = Path.of(System.getProperty("nexo.dist.jar"));
        Path work = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.work", "target/e2e-work")).toAbsolutePath());
        Path state = Files.createTempDirectory(work, name + "-state-");
        Path log = Files.createDirectories(Path.of(System.getProperty("nexo.e2e.logs", "target/e2e-logs")).toAbsolutePath())
                .resolve(name + ".log");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.util.zip.disableZip64ExtraFieldValidation=true", "-Dnexo.state.root=" + state,
                "-Dorg.osgi.service.http.port=" + port, "-jar", jar.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        Container c = new Container(p, state, log, port);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return c;
    }

    /** Waits for the key file and for {@code path} to answer 200 with it. @return the connection-key */
    String awaitAdmin(String path, Duration timeout) {
        String key = until("the connection-key", timeout, () -> {
            try {
                Path f = stateRoot.resolve("connection.key");
                return Files.exists(f) ? Files.readString(f).trim() : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, k -> !k.isEmpty());
        until("GET " + path + " to answer 200 (log " + log + ")", timeout, () -> send("GET", path, key, null, null), r -> r.status() == 200);
        return key;
    }

    record Reply(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    Reply send(String method, String path, String bearer, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20));
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
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request written by hand, for what java.net.http refuses to send (e.g. a 64 KiB header). @return the status */
    int raw(String requestHead) {
        return rawReply(requestHead).status();
    }

    /**
     * Like {@link #raw} but returns the status, content type and body; the request should say
     * {@code Connection: close}. A reset after the response was read (Jetty closes at once when it
     * refuses a request it has not read fully) still returns what arrived.
     */
    Reply rawReply(String requestHead) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(requestHead.replace("{host}", "127.0.0.1:" + port).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException refusedEarly) {
                // the server answered and closed before reading everything: read its answer
            }
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] chunk = new byte[8192];
            try {
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    buf.write(chunk, 0, n);
                }
            } catch (java.net.SocketException reset) {
                if (buf.size() == 0) {
                    throw reset;
                }
            }
            String raw = buf.toString(StandardCharsets.ISO_8859_1);
            int split = raw.indexOf("\r\n\r\n");
            String head = split < 0 ? raw : raw.substring(0, split);
            String body = split < 0 ? "" : new String(buf.toByteArray(), split + 4, buf.size() - split - 4, StandardCharsets.UTF_8);
            String type = "";
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:")) {
                    type = line.substring(13).trim();
                }
            }
            return new Reply(Integer.parseInt(raw.substring(9, 12)), type, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path stateRoot() {
        return stateRoot;
    }

    Path log() {
        return log;
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

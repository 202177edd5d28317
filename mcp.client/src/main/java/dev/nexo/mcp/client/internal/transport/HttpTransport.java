package dev.nexo.mcp.client.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP Streamable HTTP transport (spec 2025-03-26 and later) over the JDK's HttpClient: every
 * message is a {@code POST} to the endpoint; the answer is {@code 202} (notifications), one JSON
 * object, or a {@code text/event-stream} carrying the response and any notifications. The
 * {@code Mcp-Session-Id} the server assigns at {@code initialize} goes on every later request; a
 * {@code 404} for it means the session ended, which closes the transport so the runtime reconnects.
 * After the handshake a {@code GET} stream receives server-initiated messages such as
 * {@code notifications/tools/list_changed} (a server that answers {@code 405} has none).
 */
public final class HttpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    private static final String SESSION = "Mcp-Session-Id";

    private final String server;
    private final URI url;
    private final Map<String, String> headers;
    private final Duration connectTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger threads = new AtomicInteger();
    private ExecutorService executor;
    private HttpClient client;
    private Listener listener;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile InputStream getStream;

    /**
     * @param server the server's name
     * @param url the MCP endpoint
     * @param headers extra headers (e.g. {@code Authorization}); values are secrets and never logged
     * @param connectTimeout TCP connect timeout
     */
    public HttpTransport(String server, URI url, Map<String, String> headers, Duration connectTimeout) {
        this.server = server;
        this.url = url;
        this.headers = Map.copyOf(headers);
        this.connectTimeout = connectTimeout;
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "nexo-mcp-" + server + "-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param version the protocol version agreed at initialize; sent on every later request */
    public void protocolVersion(String version) {
        this.protocolVersion = version;
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        headers.forEach(b::header);
        String session = sessionId;
        if (session != null) {
            b.header(SESSION, session);
        }
        if (protocolVersion != null) {
            b.header(PROTOCOL_VERSION, protocolVersion);
        }
        return b;
    }

    @Override
    public CompletableFuture<Void> send(JsonNode message) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IOException("mcp server " + server + ": connection closed"));
        }
        HttpRequest req = request().header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8)).build();
        boolean hadSession = sessionId != null;
        return client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(resp -> {
            resp.headers().firstValue(SESSION).ifPresent(s -> sessionId = s);
            int status = resp.statusCode();
            if (status == 202 || status == 204) {
                drain(resp.body());
            } else if (status == 404 && hadSession) {
                drain(resp.body());
                endSession("the server no longer knows the session");
                throw new java.io.UncheckedIOException(new IOException("mcp server " + server + ": session expired (HTTP 404)"));
            } else if (status / 100 != 2) {
                String body = snippet(resp.body());
                throw new java.io.UncheckedIOException(new IOException("mcp server " + server + ": HTTP " + status
                        + (body.isEmpty() ? "" : ": " + body)));
            } else {
                String type = resp.headers().firstValue("Content-Type").orElse("");
                if (type.startsWith("text/event-stream")) {
                    executor.execute(() -> readEvents(resp.body(), "POST"));
                } else {
                    deliver(resp.body());
                }
            }
        });
    }

    /** Opens the GET stream for server-initiated messages; call after {@code notifications/initialized}. */
    public void openEventStream() {
        if (closed.get()) {
            return;
        }
        HttpRequest req = request().header("Accept", "text/event-stream").GET().build();
        client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(resp -> {
            if (resp.statusCode() != 200) {
                drain(resp.body());
                LOG.debug("mcp server {}: no GET event stream (HTTP {})", server, resp.statusCode());
                return;
            }
            getStream = resp.body();
            readEvents(resp.body(), "GET");
        }).exceptionally(e -> {
            LOG.debug("mcp server {}: GET event stream failed: {}", server, e.toString());
            return null;
        });
    }

    private void readEvents(InputStream body, String what) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            SseReader.read(in, this::deliverText);
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("mcp server {}: {} event stream ended: {}", server, what, e.toString());
            }
        }
    }

    private void deliver(InputStream body) {
        try (InputStream in = body) {
            deliverText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void deliverText(String text) {
        if (text.isBlank()) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node.isArray()) {
                node.forEach(listener::onMessage);
            } else if (node.isObject()) {
                listener.onMessage(node);
            }
        } catch (IOException e) {
            LOG.warn("mcp server {}: skipped a message that is not JSON", server);
        }
    }

    private void endSession(String reason) {
        if (!closed.get()) {
            listener.onClosed(reason);
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.readAllBytes();
        } catch (IOException e) {
            // nothing to keep
        }
    }

    private static String snippet(InputStream in) {
        try (in) {
            String s = new String(in.readNBytes(300), StandardCharsets.UTF_8).strip();
            return s.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String describe() {
        return "http:" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || client == null) {
            return;
        }
        InputStream stream = getStream;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (sessionId != null) {
            try { // polite end of the session; the server may not support it
                client.send(request().timeout(Duration.ofSeconds(2)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                LOG.debug("mcp server {}: DELETE session failed: {}", server, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client instanceof AutoCloseable c) { // JDK 21+: release the selector thread now
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.nexo.llm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server playing a vendor: answers scripted responses in order and records every
 * request it receives so tests can assert path, headers and JSON body.
 */
final class StubServer implements AutoCloseable {
    /** A recorded request. */
    record Request(String method, String uri, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            return JsonSupport.tree(body);
        }
    }

    /** A scripted answer; {@code chunks} are written and flushed one by one (SSE). */
    record Response(int status, Map<String, String> headers, List<String> chunks, CountDownLatch hold) {
        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), List.of(body), null);
        }

        static Response sse(String... events) {
            return new Response(200, Map.of("Content-Type", "text/event-stream"), List.of(events), null);
        }

        Response header(String name, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(name, value);
            return new Response(status, h, chunks, hold);
        }

        /** @return an answer that waits for {@code latch} before responding */
        static Response held(CountDownLatch latch) {
            return new Response(200, Map.of("Content-Type", "application/json"), List.of("{}"), latch);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Response> script = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    final CountDownLatch received = new CountDownLatch(1);
    private volatile Response fallback;
    private volatile boolean recording = true;

    StubServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    StubServer then(Response response) {
        script.add(response);
        return this;
    }

    StubServer thenTimes(int n, Response response) {
        for (int i = 0; i < n; i++) {
            script.add(response);
        }
        return this;
    }

    /** Answers {@code response} whenever the script is empty, without recording requests (benchmarks). */
    StubServer always(Response response) {
        fallback = response;
        recording = false;
        return this;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    Request only() {
        if (requests.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + requests.size());
        }
        return requests.get(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (recording) {
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body));
        }
        received.countDown();
        Response r = script.poll();
        if (r == null) {
            r = fallback;
        }
        if (r == null) {
            r = Response.json(500, "{\"error\":{\"message\":\"no scripted response\"}}");
        }
        try {
            if (r.hold() != null) {
                r.hold().await(30, TimeUnit.SECONDS);
            }
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(r.status(), 0); // chunked
            try (OutputStream out = ex.getResponseBody()) {
                for (String chunk : r.chunks()) {
                    out.write(chunk.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the client cancelled
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

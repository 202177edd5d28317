package dev.nexo.memory.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.nexo.api.memory.MemoryErrorCode;
import dev.nexo.api.memory.MemoryException;

/** A local server speaking the OpenAI /embeddings wire format, asserting what it receives. */
class HttpEmbedderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    HttpServer server;
    final List<String> failures = new CopyOnWriteArrayList<>();

    String start(String reply, int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (!"POST".equals(ex.getRequestMethod())) {
                failures.add("method " + ex.getRequestMethod());
            }
            if (!"Bearer test-key".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                failures.add("authorization header");
            }
            if (!"tiny-embed".equals(body.path("model").asText()) || body.path("input").size() != 2
                    || !"first".equals(body.path("input").get(0).asText())) {
                failures.add("body " + body);
            }
            byte[] out = reply.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsModelAndInputsAndOrdersVectorsByIndex() throws Exception {
        String base = start("{\"object\":\"list\",\"data\":[{\"index\":1,\"embedding\":[0.5,0.25,1]},"
                + "{\"index\":0,\"embedding\":[1,2,3]}],\"model\":\"tiny-embed\"}", 200);
        HttpEmbedder e = new HttpEmbedder(base, "tiny-embed", "test-key", 3, Duration.ofSeconds(5));
        List<float[]> v = e.embed(List.of("first", "second")).toCompletableFuture().join();
        assertEquals(List.of(), failures);
        assertArrayEquals(new float[] {1, 2, 3}, v.get(0));
        assertArrayEquals(new float[] {0.5f, 0.25f, 1}, v.get(1));
    }

    @Test
    void wrongDimensionsAndThrottlingAreTypedErrors() throws Exception {
        String base = start("{\"data\":[{\"index\":0,\"embedding\":[1,2]},{\"index\":1,\"embedding\":[1,2]}]}", 200);
        HttpEmbedder e = new HttpEmbedder(base, "tiny-embed", "test-key", 3, Duration.ofSeconds(5));
        CompletionException ex = assertThrows(CompletionException.class,
                () -> e.embed(List.of("first", "second")).toCompletableFuture().join());
        assertEquals(MemoryErrorCode.DIMENSION_MISMATCH, ((MemoryException) ex.getCause()).code());
        server.stop(0);

        String throttled = start("{}", 429);
        HttpEmbedder t = new HttpEmbedder(throttled, "tiny-embed", "test-key", 3, Duration.ofSeconds(5));
        ex = assertThrows(CompletionException.class, () -> t.embed(List.of("first", "second")).toCompletableFuture().join());
        assertEquals(MemoryErrorCode.RATE_LIMITED, ((MemoryException) ex.getCause()).code());
    }
}

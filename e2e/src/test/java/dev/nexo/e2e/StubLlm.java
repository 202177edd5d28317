package dev.nexo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat-completions server on a free loopback port that answers
 * {@code "stub says: <last message>"} and keeps every request it received, for end-to-end tests
 * of the agent loop. Point a provider at {@link #baseUrl()} with {@code factory_type: openai}.
 */
public final class StubLlm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public StubLlm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            requests.add(req);
            JsonNode msgs = req.path("messages");
            String last = msgs.get(msgs.size() - 1).path("content").asText().strip();
            ObjectNode resp = JSON.createObjectNode().put("id", "c1").put("object", "chat.completion")
                    .put("model", req.path("model").asText());
            ObjectNode choice = resp.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", "stub says: " + last);
            resp.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 3).put("total_tokens", 13);
            byte[] b = resp.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    /** @return the base URL for {@code llm.yaml}, ending in {@code /v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** @return an {@code llm.yaml} with one provider {@code stub} pointing here */
    public String llmYaml() {
        return "providers:\n  stub:\n    factory_type: openai\n    api_key: sk-e2e-not-a-secret\n    base_url: " + baseUrl() + "\n";
    }

    /** @return every request body received, oldest first */
    public List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

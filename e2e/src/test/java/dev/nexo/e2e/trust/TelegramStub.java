package dev.nexo.e2e.trust;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal local Telegram Bot API for the pairing test: {@code getMe}, {@code getUpdates} (with
 * offset confirmation) and {@code sendMessage}, which it records; it refuses any other token.
 */
final class TelegramStub implements AutoCloseable {
    static final String TOKEN = "777001:pairing-e2e-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<ObjectNode> updates = new ArrayList<>();
    private final List<JsonNode> sent = new ArrayList<>();

    TelegramStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues a private-chat text message from user {@code from}. */
    synchronized void queueText(long updateId, long from, String text) {
        ObjectNode u = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode m = u.putObject("message").put("message_id", 700 + updateId).put("date", 1714000000L).put("text", text);
        m.putObject("from").put("id", from).put("is_bot", false).put("first_name", "Stranger");
        m.putObject("chat").put("id", from).put("type", "private");
        updates.add(u);
        notifyAll();
    }

    synchronized List<JsonNode> sent() {
        return List.copyOf(sent);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String prefix = "/bot" + TOKEN + "/";
            byte[] body = ex.getRequestBody().readAllBytes();
            ObjectNode r = JSON.createObjectNode();
            int status = 200;
            if (!path.startsWith(prefix)) {
                status = 401;
                r.put("ok", false).put("error_code", 401).put("description", "Unauthorized");
            } else {
                JsonNode params = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                answer(path.substring(prefix.length()), params, r.put("ok", true));
            }
            byte[] out = r.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
        }
    }

    private synchronized void answer(String method, JsonNode p, ObjectNode r) {
        switch (method) {
            case "getMe" -> r.putObject("result").put("id", 4243).put("is_bot", true).put("username", "pairing_bot");
            case "getUpdates" -> {
                long offset = p.path("offset").asLong(0);
                updates.removeIf(u -> u.path("update_id").asLong() < offset);
                if (updates.isEmpty()) {
                    shortPoll();
                }
                ArrayNode a = r.putArray("result");
                updates.forEach(a::add);
            }
            case "sendMessage" -> {
                sent.add(p);
                r.putObject("result").put("message_id", 9000 + sent.size()).put("date", 1714000000L)
                        .putObject("chat").set("id", p.path("chat_id"));
            }
            default -> r.put("result", true);
        }
    }

    /** Holds an empty getUpdates a moment (releasing the lock) so the channel does not spin. */
    private synchronized void shortPoll() {
        try {
            wait(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

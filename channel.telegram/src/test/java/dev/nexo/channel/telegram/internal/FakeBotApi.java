package dev.nexo.channel.telegram.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Bot API server for tests: the methods the channel uses, with the documented request and
 * response shapes ({@code {"ok":true,"result":...}}, {@code {"ok":false,"error_code":..,"description":..,
 * "parameters":{"retry_after":..}}}), checking each request (token, method, required parameters,
 * text length) and recording it. Tests queue updates and canned failures.
 */
final class FakeBotApi implements AutoCloseable {
    static final String TOKEN = "123456:test-token_abc";
    static final long BOT_ID = 999;
    static final String BOT_USERNAME = "nexo_test_bot";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the server received. */
    record Call(String method, JsonNode params, String contentType, byte[] body) {
        String text() {
            return params.path("text").asText();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-bot-api");
        t.setDaemon(true);
        return t;
    });
    private final List<Call> calls = new ArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final Map<String, Deque<String>> failures = new HashMap<>();
    private final AtomicLong messageIds = new AtomicLong(100);
    private final Map<String, byte[]> files = new HashMap<>();

    FakeBotApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Queues a message update from a private chat; returns its update id. */
    synchronized long queueText(long updateId, long chatId, String text) {
        ObjectNode u = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode m = u.putObject("message").put("message_id", 1000 + updateId).put("date", 1714000000L).put("text", text);
        m.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "Ana").put("username", "ana");
        m.putObject("chat").put("id", chatId).put("type", "private").put("first_name", "Ana");
        return queue(u);
    }

    synchronized long queue(ObjectNode update) {
        updates.add(update);
        notifyAll();
        return update.path("update_id").asLong();
    }

    /** The next call of {@code method} answers with this raw JSON and HTTP status ({@code status:json}). */
    synchronized void failNext(String method, int status, String json) {
        failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(status + "\n" + json);
    }

    synchronized void file(String path, byte[] content) {
        files.put(path, content);
    }

    synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Updates not yet confirmed by a getUpdates offset. */
    synchronized int pending() {
        return updates.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/file/bot")) {
                file(ex, path);
                return;
            }
            if (!path.startsWith("/bot" + TOKEN + "/")) {
                reply(ex, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
                return;
            }
            String method = path.substring(("/bot" + TOKEN + "/").length());
            byte[] body = ex.getRequestBody().readAllBytes();
            String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            JsonNode params = type.startsWith("application/json") ? JSON.readTree(body) : multipartFields(type, body);
            synchronized (this) {
                calls.add(new Call(method, params, type, body));
            }
            String canned = nextFailure(method);
            if (canned != null) {
                int nl = canned.indexOf('\n');
                reply(ex, Integer.parseInt(canned.substring(0, nl)), canned.substring(nl + 1));
                return;
            }
            answer(ex, method, params);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized String nextFailure(String method) {
        Deque<String> q = failures.get(method);
        return q == null ? null : q.poll();
    }

    private void answer(HttpExchange ex, String method, JsonNode p) throws IOException, InterruptedException {
        switch (method) {
            case "getMe":
                ok(ex, JSON.createObjectNode().put("id", BOT_ID).put("is_bot", true).put("first_name", "Test")
                        .put("username", BOT_USERNAME));
                return;
            case "getUpdates":
                ok(ex, getUpdates(p.path("offset").asLong(0), p.path("timeout").asLong(0)));
                return;
            case "sendMessage":
            case "editMessageText":
                String text = p.path("text").asText("");
                if (!p.has("chat_id") || text.isEmpty()) {
                    bad(ex, "Bad Request: message text is empty");
                } else if (text.length() > 4096) {
                    bad(ex, "Bad Request: message is too long");
                } else if ("HTML".equals(p.path("parse_mode").asText()) && text.contains("<unclosed")) {
                    bad(ex, "Bad Request: can't parse entities: Unsupported start tag \"unclosed\"");
                } else {
                    ok(ex, message(p));
                }
                return;
            case "sendPhoto":
            case "sendDocument":
            case "sendVoice":
            case "sendAudio":
            case "sendVideo":
            case "sendLocation":
                if (!p.has("chat_id")) {
                    bad(ex, "Bad Request: chat_id is empty");
                } else {
                    ok(ex, message(p));
                }
                return;
            case "getFile":
                String id = p.path("file_id").asText();
                ok(ex, JSON.createObjectNode().put("file_id", id).put("file_unique_id", "u" + id.hashCode())
                        .put("file_size", 4).put("file_path", "photos/" + id + ".jpg"));
                return;
            case "sendChatAction":
            case "answerCallbackQuery":
            case "setWebhook":
            case "deleteWebhook":
            case "setMessageReaction":
                ex.getResponseHeaders().add("Content-Type", "application/json");
                reply(ex, 200, "{\"ok\":true,\"result\":true}");
                return;
            default:
                reply(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found: method not found\"}");
        }
    }

    /** Long poll: confirms updates below {@code offset}, waits up to {@code timeout} s for the rest. */
    private synchronized ArrayNode getUpdates(long offset, long timeout) throws InterruptedException {
        updates.removeIf(u -> u.path("update_id").asLong() < offset);
        long until = System.currentTimeMillis() + Math.min(timeout, 2) * 1000;
        while (updates.isEmpty() && System.currentTimeMillis() < until) {
            wait(Math.max(1, until - System.currentTimeMillis()));
        }
        ArrayNode out = JSON.createArrayNode();
        updates.stream().limit(100).forEach(out::add);
        return out;
    }

    private ObjectNode message(JsonNode p) {
        ObjectNode m = JSON.createObjectNode().put("message_id", messageIds.incrementAndGet()).put("date", 1714000000L);
        m.putObject("chat").set("id", p.path("chat_id"));
        if (p.has("text")) {
            m.put("text", p.path("text").asText());
        }
        return m;
    }

    private void file(HttpExchange ex, String path) throws IOException {
        String prefix = "/file/bot" + TOKEN + "/";
        byte[] content;
        synchronized (this) {
            content = path.startsWith(prefix) ? files.get(path.substring(prefix.length())) : null;
        }
        if (content == null) {
            reply(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
            return;
        }
        ex.sendResponseHeaders(200, content.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(content);
        }
    }

    /** Enough of multipart/form-data to read the text fields and note the file part's name. */
    private static JsonNode multipartFields(String type, byte[] body) {
        ObjectNode out = JSON.createObjectNode();
        int b = type.indexOf("boundary=");
        if (b < 0) {
            return out;
        }
        String boundary = "--" + type.substring(b + 9);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
            int nameAt = part.indexOf("name=\"");
            int headEnd = part.indexOf("\r\n\r\n");
            if (nameAt < 0 || headEnd < 0) {
                continue;
            }
            String name = part.substring(nameAt + 6, part.indexOf('"', nameAt + 6));
            String value = part.substring(headEnd + 4, Math.max(headEnd + 4, part.length() - 2));
            if (part.substring(0, headEnd).contains("filename=\"")) {
                out.put(name, "<file:" + value.length() + " bytes>");
            } else {
                out.put(name, new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void ok(HttpExchange ex, JsonNode result) throws IOException {
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        r.set("result", result);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        reply(ex, 200, r.toString());
    }

    private static void bad(HttpExchange ex, String description) throws IOException {
        reply(ex, 400, "{\"ok\":false,\"error_code\":400,\"description\":" + JSON.writeValueAsString(description) + "}");
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}

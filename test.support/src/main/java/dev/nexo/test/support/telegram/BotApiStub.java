package dev.nexo.test.support.telegram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.test.support.http.LoopbackHttp;

/**
 * A local Telegram Bot API for the Telegram tests, on a plain loopback socket (only {@code java.*} and
 * Jackson, so it also runs inside the framework): {@code getMe}, {@code getUpdates} with offset
 * confirmation and a short long poll, {@code setWebhook}, {@code sendChatAction}, {@code sendMessage}.
 * It checks the token in the path and records every method called.
 */
public final class BotApiStub implements AutoCloseable {
    public static final String TOKEN = "654321:test-token-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<String> methods = new ArrayList<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final List<JsonNode> sent = new ArrayList<>();

    public BotApiStub() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "test-bot-api-stub");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the {@code api_base_url} that points a bot at this stub */
    public String base() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    /**
     * @param instance the bot's instance id
     * @param intervalMs the long-poll interval
     * @return a {@code plugins/telegram.yaml} with one bot on this stub
     */
    public String telegramYaml(String instance, int intervalMs) {
        return "telegram:\n  - instance: " + instance + "\n    token: " + TOKEN + "\n    api_base_url: " + base()
                + "\n    polling:\n      interval_ms: " + intervalMs + "\n";
    }

    /** Queues a private text message from chat {@code chatId} for the next {@code getUpdates}. */
    public synchronized void queueText(long updateId, long chatId, String text) {
        updates.add(update(updateId, chatId, text));
        notifyAll();
    }

    /** @return an update carrying a private text message from {@code chatId}, as the JSON a webhook receives */
    public static String textUpdate(long updateId, long chatId, String text) {
        return update(updateId, chatId, text).toString();
    }

    private static ObjectNode update(long updateId, long chatId, String text) {
        ObjectNode u = JSON.createObjectNode().put("update_id", updateId);
        ObjectNode m = u.putObject("message").put("message_id", 500 + updateId).put("date", 1714000000L).put("text", text);
        m.putObject("from").put("id", chatId).put("is_bot", false).put("first_name", "Ana");
        m.putObject("chat").put("id", chatId).put("type", "private");
        return u;
    }

    /**
     * POSTs {@code body} to the container's webhook for bot {@code instance}, as Telegram would.
     *
     * @param port the container's HTTP port
     * @param secret sent as {@code X-Telegram-Bot-Api-Secret-Token} unless null
     * @return the HTTP status
     */
    public static int postWebhook(int port, String instance, String secret, String body) {
        String[] headers = secret == null ? new String[0] : new String[] {"X-Telegram-Bot-Api-Secret-Token", secret};
        return new LoopbackHttp(port, Duration.ofSeconds(30)).send("POST", "/webhooks/telegram/" + instance, null,
                "application/json", body.getBytes(StandardCharsets.UTF_8), headers).status();
    }

    /** @return how many times {@code method} was called with the right token */
    public synchronized long count(String method) {
        return methods.stream().filter(method::equals).count();
    }

    /** @return the parameters of every {@code sendMessage}, oldest first */
    public synchronized List<JsonNode> sent() {
        return List.copyOf(sent);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "test-bot-api-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** One HTTP/1.1 exchange per connection (the answer says Connection: close). */
    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String requestLine = r.readLine();
            if (requestLine == null) {
                return;
            }
            int length = 0;
            for (String h = r.readLine(); h != null && !h.isEmpty(); h = r.readLine()) {
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            char[] body = new char[length];
            int read = 0;
            while (read < length) {
                int n = r.read(body, read, length - read);
                if (n < 0) {
                    break;
                }
                read += n;
            }
            String path = requestLine.split(" ")[1];
            String answer;
            int status = 200;
            if (!path.startsWith("/bot" + TOKEN + "/")) {
                status = 401;
                answer = "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}";
            } else {
                String method = path.substring(("/bot" + TOKEN + "/").length());
                JsonNode params = length == 0 ? JSON.createObjectNode()
                        : JSON.readTree(new String(body, 0, read).getBytes(StandardCharsets.ISO_8859_1));
                synchronized (this) {
                    methods.add(method);
                }
                answer = answer(method, params);
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the client went away (a cancelled long poll): nothing to answer
        }
    }

    private String answer(String method, JsonNode p) throws InterruptedException {
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        switch (method) {
            case "getMe":
                r.putObject("result").put("id", 4242).put("is_bot", true).put("username", "test_bot");
                break;
            case "getUpdates":
                r.set("result", updates(p.path("offset").asLong(0)));
                break;
            case "sendMessage":
                synchronized (this) {
                    sent.add(p);
                }
                r.putObject("result").put("message_id", 9000 + sent.size()).put("date", 1714000000L)
                        .putObject("chat").set("id", p.path("chat_id"));
                break;
            default:
                r.put("result", true);
        }
        return r.toString();
    }

    private synchronized ArrayNode updates(long offset) throws InterruptedException {
        updates.removeIf(u -> u.path("update_id").asLong() < offset);
        long until = System.currentTimeMillis() + 500;
        while (updates.isEmpty() && System.currentTimeMillis() < until) {
            wait(Math.max(1, until - System.currentTimeMillis()));
        }
        ArrayNode out = JSON.createArrayNode();
        updates.forEach(out::add);
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

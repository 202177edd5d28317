package dev.nexo.e2e.plugins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the example plugins' file-drop channel looks like from outside: messages dropped into
 * {@code <state root>/data/plugins/<id>/inbox/} become inbound messages, and whatever the host
 * sends through {@code channel.send_outbound} is appended to {@code outbox.jsonl} next to it.
 * Also a JSON POST to the admin API (the shared {@code Http} helper only posts bundles).
 */
final class PluginSide {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PluginSide() {
    }

    static Path stateDir(Path stateRoot, String pluginId) {
        return stateRoot.resolve("data").resolve("plugins").resolve(pluginId);
    }

    /** Drops one message into the plugin's inbox, atomically (the plugin only reads {@code *.json}). */
    static void drop(Path stateRoot, String pluginId, String chat, String text) throws IOException {
        Path inbox = Files.createDirectories(stateDir(stateRoot, pluginId).resolve("inbox"));
        String name = UUID.randomUUID().toString();
        Path tmp = inbox.resolve(name + ".tmp");
        Files.writeString(tmp, JSON.createObjectNode().put("chat", chat).put("text", text).toString());
        Files.move(tmp, inbox.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return every message the plugin was asked to send to {@code chat}, oldest first */
    static List<JsonNode> sent(Path stateRoot, String pluginId, String chat) {
        Path outbox = stateDir(stateRoot, pluginId).resolve("outbox.jsonl");
        List<JsonNode> out = new ArrayList<>();
        try {
            if (!Files.exists(outbox)) {
                return out;
            }
            for (String line : Files.readAllLines(outbox)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (chat.equals(n.path("to").asText())) {
                    out.add(n);
                }
            }
        } catch (IOException e) {
            return out; // the plugin is appending: read again on the next poll
        }
        return out;
    }

    /** POSTs JSON to the admin API with the connection-key; @return the status code */
    static int post(int port, String key, String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return CLIENT.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions server on a free loopback port that answers
 * {@code "stub says: <last message>"} and keeps every request it received, for end-to-end tests
 * of the agent loop. Point a provider at {@link #baseUrl()} with {@code factory_type: openai}.
 *
 * <p>Tool calls are scripted by the user's text: a last message {@code /tool <name> <json args>}
 * (arguments optional, default {@code {}}) is answered with one OpenAI {@code tool_calls} entry
 * for that tool; a last message of role {@code tool} (the result) is answered with
 * {@code "stub says: tool <name> returned: <content>"}, which ends the turn.
 */
public final class StubLlm implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_COMMAND = Pattern.compile("/tool\\s+(\\S+)(?:\\s+(.+))?", Pattern.DOTALL);

    private final HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public StubLlm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", ex -> {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            requests.add(req);
            JsonNode msgs = req.path("messages");
            JsonNode lastMsg = msgs.get(msgs.size() - 1);
            String last = lastMsg.path("content").asText().strip();
            ObjectNode resp = JSON.createObjectNode().put("id", "c1").put("object", "chat.completion")
                    .put("model", req.path("model").asText());
            ObjectNode choice = resp.putArray("choices").addObject().put("index", 0);
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            Matcher tool = TOOL_COMMAND.matcher(last);
            if ("tool".equals(lastMsg.path("role").asText())) {
                String name = toolName(msgs, lastMsg.path("tool_call_id").asText());
                choice.put("finish_reason", "stop");
                message.put("content", "stub says: tool " + name + " returned: " + last);
            } else if ("user".equals(lastMsg.path("role").asText()) && tool.matches()) {
                choice.put("finish_reason", "tool_calls");
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject()
                        .put("id", "call_" + requests.size()).put("type", "function");
                call.putObject("function").put("name", tool.group(1))
                        .put("arguments", tool.group(2) == null ? "{}" : tool.group(2).strip());
            } else {
                choice.put("finish_reason", "stop");
                message.put("content", "stub says: " + last);
            }
            resp.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 3).put("total_tokens", 13);
            byte[] b = resp.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    /** The name of the tool the assistant called with {@code callId}, from the conversation. */
    private static String toolName(JsonNode msgs, String callId) {
        for (JsonNode m : msgs) {
            for (JsonNode c : m.path("tool_calls")) {
                if (callId.equals(c.path("id").asText())) {
                    return c.path("function").path("name").asText();
                }
            }
        }
        return "?";
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

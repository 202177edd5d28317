package dev.nexo.e2e.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.e2e.NexoProcess;
import dev.nexo.e2e.StubLlm;
import dev.nexo.e2e.telegram.TelegramAgents;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.telegram.BotApiStub;

/**
 * The pairing acceptance on the built distribution: a Telegram binding with
 * {@code pairing_policy.auto_challenge}; an unknown sender's message gets the pairing code back
 * through the channel and does not reach the agent (the stub LLM gets no request) until the
 * operator approves the code through the admin API; then the next message reaches the agent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PairingIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Pattern CODE = Pattern.compile("pairing code is ([A-Z2-9]{8})");
    private static final ObjectMapper JSON = new ObjectMapper();

    @AutoClose
    private TelegramAgents run;
    private BotApiStub api;
    private StubLlm llm;
    private NexoProcess nexo;
    private String key;

    @BeforeAll
    void start() throws IOException {
        run = TelegramAgents.start("pairing", "front_desk", 300, "agents:\n  - id: desk\n    model: {provider: stub, model: m1}\n"
                + "    system_prompt: You help.\n    inbound_bindings:\n      - plugin: telegram\n        instance: front_desk\n"
                + "        pairing_policy: {auto_challenge: true}\n");
        api = run.api();
        llm = run.llm();
        nexo = run.nexo();
        nexo.awaitHealthy(BOOT);
        key = nexo.awaitKey(BOOT);
    }

    @Test
    void anUnknownSendersMessageDoesNotReachTheAgentUntilThePairingIsApproved() throws Exception {
        api.queueText(1, 5150, "hello, anyone there?");
        List<JsonNode> challenge = Poll.until("the pairing code to be sent to chat 5150", BOOT, api::sent, s -> !s.isEmpty());
        assertEquals(5150, challenge.get(0).path("chat_id").asLong(), challenge.toString());
        Matcher m = CODE.matcher(challenge.get(0).path("text").asText());
        assertTrue(m.find(), "the reply carries an 8-character pairing code: " + challenge);
        String code = m.group(1);

        // the sender is listed as pending with that code, and the LLM was never asked
        JsonNode pending = Poll.until("the sender to be listed as pending", BOOT, () -> admin("GET", "/admin/api/pairing"),
                l -> l.isArray() && l.size() == 1);
        assertEquals("pending", pending.get(0).path("status").asText(), pending.toString());
        assertEquals("5150", pending.get(0).path("sender").asText(), pending.toString());
        assertEquals(0, llm.requests().size(), "no LLM request before approval: " + llm.requests());

        // a second message while pending: the same code again, still no LLM request
        api.queueText(2, 5150, "please?");
        Poll.until("the code to be repeated", BOOT, api::sent, s -> s.size() == 2);
        assertTrue(api.sent().get(1).path("text").asText().contains(code), api.sent().toString());
        assertEquals(0, llm.requests().size(), "no LLM request while pending: " + llm.requests());

        JsonNode approved = admin("POST", "/admin/api/pairing/" + code + "/approve");
        assertEquals("approved", approved.path("status").asText(), approved.toString());

        api.queueText(3, 5150, "thanks, do you sell shoes?");
        Poll.until("the LLM to be asked once", BOOT, () -> llm.requests().size(), n -> n == 1);
        List<JsonNode> sent = Poll.until("the agent's reply", BOOT, api::sent, s -> s.size() == 3);
        assertEquals("stub says: thanks, do you sell shoes?", sent.get(2).path("text").asText(), sent.toString());
        assertTrue(llm.requests().get(0).toString().contains("thanks, do you sell shoes?"));
        assertTrue(!llm.requests().get(0).toString().contains("anyone there"),
                "messages sent before approval never reach the agent: " + llm.requests().get(0));
    }

    private JsonNode admin(String method, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nexo.port() + path))
                .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + key);
        if ("POST".equals(method)) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.GET();
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), method + " " + path + ": " + r.body());
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

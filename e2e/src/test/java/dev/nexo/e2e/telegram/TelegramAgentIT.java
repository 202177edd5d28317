package dev.nexo.e2e.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.e2e.StubLlm;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.telegram.BotApiStub;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole message path in the built distribution: a Telegram update from the local Bot API →
 * the channel → the broker → the bound agent → an OpenAI-compatible stub LLM → exactly one
 * {@code sendMessage} with the stub's answer to the right chat.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TelegramAgentIT {
    private static final Duration BOOT = Duration.ofSeconds(60);

    @AutoClose
    private TelegramAgents run;
    private BotApiStub api;
    private StubLlm llm;
    private NexoProcess nexo;

    @BeforeAll
    void start() throws IOException {
        run = TelegramAgents.start("telegram-agent", "sales_bot", 1000, "agents:\n  - id: ana\n    model: {provider: stub, model: m1}\n"
                + "    system_prompt: You sell.\n    inbound_bindings:\n      - plugin: telegram\n        instance: sales_bot\n");
        api = run.api();
        llm = run.llm();
        nexo = run.nexo();
        nexo.awaitHealthy(BOOT);
    }

    @Test
    void aTelegramMessageToABoundAgentGetsExactlyOneReplyWithTheLlmsAnswer() throws Exception {
        api.queueText(1, 42, "hola, do you have shoes?");
        Poll.until("a sendMessage to chat 42", BOOT, () -> api.sent(), sent -> !sent.isEmpty());
        // give a duplicate every chance to show up before counting
        Poll.until("the LLM to have been asked", BOOT, () -> llm.requests().size(), n -> n > 0);
        Thread.sleep(2000);
        List<JsonNode> sent = api.sent();
        assertEquals(1, sent.size(), "exactly one reply: " + sent);
        assertEquals(42, sent.get(0).path("chat_id").asLong(), sent.toString());
        assertEquals("stub says: hola, do you have shoes?", sent.get(0).path("text").asText(), sent.toString());
        JsonNode request = llm.requests().get(0);
        assertEquals("m1", request.path("model").asText());
        assertTrue(request.toString().contains("You sell."), "the agent's system prompt is sent: " + request);
        // tokens are the user's money: a one-line message with the default tools (no allowed_tools)
        List<String> tools = new java.util.ArrayList<>();
        request.path("tools").forEach(t -> tools.add(t.path("function").path("name").asText()));
        assertTrue(tools.contains("telegram_send_message"), tools::toString);
        assertTrue(tools.stream().noneMatch(t -> t.startsWith("whatsapp_send") || t.equals("email_send")),
                "no send tools of channels the agent has no account on: " + tools);
        int bytes = request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("one-line Telegram turn with the default tools: %d bytes sent to the LLM, tools %s%n", bytes, tools);
        assertTrue(bytes < 8 * 1024, "system prompt + history + tool schemas under 8 KB, was " + bytes + ": " + tools);
    }
}

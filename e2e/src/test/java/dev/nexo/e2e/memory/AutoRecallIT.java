package dev.nexo.e2e.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.e2e.NexoProcess;
import dev.nexo.test.support.Poll;
import dev.nexo.e2e.StubLlm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Automatic recall in the built distribution: an agent with {@code memory.long_term: true}
 * receives a web-chat message that shares no word with the right memory; the request the
 * OpenAI-compatible stub LLM receives carries that memory first in a {@code # MEMORY} block
 * before the user's words, none of another agent's memories, and stays under the 8 KB prompt
 * budget with the memory tools and {@code delegate} offered (an agent without an allowlist is
 * offered every tool of the distribution, 19 today, whose schemas alone are about 8.5 KB).
 */
class AutoRecallIT {
    private static final Duration BOOT = Duration.ofSeconds(90);
    private static final Duration MODEL = Duration.ofSeconds(120);
    private static final int PROMPT_BUDGET = 8192;

    @Test
    void theAgentsOwnRelevantMemoriesAreInThePromptAndItStaysSmall() throws Exception {
        try (StubLlm llm = new StubLlm()) {
            NexoProcess.Launch launch = NexoProcess.launch("memory-recall").config("llm.yaml", llm.llmYaml())
                    .config("agents.yaml", "agents:\n  - id: ana\n    model: {provider: stub, model: m1}\n"
                            + "    system_prompt: You help parents plan school trips.\n"
                            + "    memory:\n      long_term: true\n      auto_recall: {top_k: 2}\n"
                            + "    inbound_bindings:\n      - plugin: webchat\n        instance: console\n"
                            + "        allowed_tools: [\"memory_*\", delegate]\n");
            try (NexoProcess nexo = launch.start()) {
                nexo.awaitHealthy(BOOT);
                String key = nexo.awaitKey(BOOT);
                Poll.until("GET /admin/api/memory to answer 200", BOOT,
                        () -> MemoryRestartIT.call(nexo.port(), key, "GET", "/admin/api/memory", null), r -> r.status() == 200);
                for (String fact : MemoryRestartIT.FACTS) {
                    assertEquals(201, MemoryRestartIT.call(nexo.port(), key, "POST", "/admin/api/memory/ana",
                            "{\"content\":\"" + fact.replace("\"", "\\\"") + "\"}").status());
                }
                assertEquals(201, MemoryRestartIT.call(nexo.port(), key, "POST", "/admin/api/memory/bob",
                        "{\"content\":\"Bob's nephew cannot eat hazelnuts or almonds.\"}").status());
                Poll.until("the memories to be embedded", MODEL,
                        () -> MemoryRestartIT.call(nexo.port(), key, "GET", "/admin/api/memory", null),
                        r -> r.status() == 200 && r.json().path("embedded").asLong() == 4);

                MemoryRestartIT.Reply said = Poll.until("the web chat to take the message", BOOT,
                        () -> MemoryRestartIT.call(nexo.port(), key, "POST", "/admin/api/webchat/messages",
                                "{\"chat\":\"c1\",\"text\":\"" + MemoryRestartIT.PARAPHRASE + "\"}"),
                        r -> r.status() == 201);
                assertEquals(201, said.status(), said.body());
                Poll.until("the LLM to be asked", BOOT, llm::requests, r -> !r.isEmpty());

                JsonNode request = llm.requests().get(0);
                JsonNode messages = request.path("messages");
                JsonNode user = messages.get(messages.size() - 1);
                assertEquals("user", user.path("role").asText(), request.toString());
                String text = user.path("content").asText();
                assertTrue(text.startsWith("# MEMORY"), text);
                String[] lines = text.split("\n");
                assertEquals("- " + MemoryRestartIT.PEANUTS, lines[1], "the paraphrase recalls the right fact first: " + text);
                assertTrue(text.endsWith("# MESSAGE\n" + MemoryRestartIT.PARAPHRASE), text);
                assertFalse(text.contains("hazelnuts"), "never another agent's memory: " + text);
                assertEquals(2 + 2 + 2, lines.length, "top_k 2: heading, two memories, blank, # MESSAGE, text: " + text);

                int bytes = request.toString().getBytes(StandardCharsets.UTF_8).length;
                int block = text.length() - ("\n\n# MESSAGE\n" + MemoryRestartIT.PARAPHRASE).length();
                System.out.printf("[auto-recall] OpenAI request body of a one-line message with recall: %d bytes, %d tools,"
                        + " memory block %d chars%n", bytes, request.path("tools").size(), block);
                assertEquals(4, request.path("tools").size(), "the binding's allowlist: three memory tools and delegate");
                assertTrue(block <= 800, "the recalled block is capped: " + block);
                assertTrue(bytes < PROMPT_BUDGET, "the whole request must stay under 8 KB: " + bytes + " bytes: " + request);
            }
        }
    }
}

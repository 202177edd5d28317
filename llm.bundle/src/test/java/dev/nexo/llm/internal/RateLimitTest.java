package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token bucket in front of the wire: per agent, waiting through the delayer rather than a sleeping thread. */
class RateLimitTest {
    private static ChatRequest from(String agent) {
        return ChatRequest.builder("m").message(ChatMessage.user("hi")).metadata(LlmClient.AGENT_ID, agent).build();
    }

    @Test
    void eachAgentHasItsOwnBucket() throws Exception {
        try (Harness h = new Harness("/v1", e -> new OpenAiWire(e, "/chat/completions"), 1.0)) {
            String ok = new OpenAiProviderTest().okBody();
            h.server.thenTimes(3, StubServer.Response.json(200, ok));
            Harness.await(h.client.chat(from("ana")));
            Harness.await(h.client.chat(from("ana")));
            assertEquals(List.of(Duration.ofSeconds(1)), h.delays, "ana's second call waits for a token");
            Harness.await(h.client.chat(from("bob")));
            assertEquals(1, h.delays.size(), "bob is not slowed by ana");
            assertEquals(3, h.server.requests().size());
        }
    }
}

package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.fault.CircuitState;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retry, breaker and error typing every vendor must show against its own wire: 429 honouring
 * Retry-After (5 attempts), 5xx then success (3 attempts), 401 and 400 failing at once, the key
 * never in a message. Subclasses supply the vendor's shapes and add request-shape tests.
 */
abstract class ProviderContractTest {
    Harness h;

    /** @return a harness for the vendor under test */
    abstract Harness newHarness() throws Exception;

    /** @return a minimal successful answer saying {@code hi} */
    abstract String okBody();

    /** @return the vendor's error body */
    abstract String errorBody(int status, String message);

    /** Asserts the method, path and authentication of a non-streamed request. */
    abstract void assertBasics(StubServer.Request r);

    @BeforeEach
    void start() throws Exception {
        h = newHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static ChatRequest hello(String model) {
        return ChatRequest.builder(model).message(ChatMessage.user("hello")).build();
    }

    abstract String model();

    @Test
    void rateLimitedHonoursRetryAfterThenSucceeds() throws Exception {
        h.server.then(StubServer.Response.json(429, errorBody(429, "slow down")).header("Retry-After", "7"))
                .then(StubServer.Response.json(200, okBody()));
        assertEquals("hi", Harness.await(h.client.chat(hello(model()))).text());
        assertEquals(2, h.server.requests().size());
        h.server.requests().forEach(this::assertBasics);
        assertEquals(List.of(Duration.ofSeconds(7)), h.delays, "waits the provider's Retry-After, not the shorter jitter");
    }

    @Test
    void rateLimitedGivesUpAfterFiveAttempts() throws Exception {
        h.server.thenTimes(6, StubServer.Response.json(429, errorBody(429, "slow down")).header("Retry-After", "1"));
        LlmException e = Harness.failure(h.client.chat(hello(model())));
        assertEquals(LlmErrorKind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(1), e.retryAfter().orElseThrow());
        assertEquals(5, h.server.requests().size(), "429 is tried 5 times in all");
        assertEquals(4, h.delays.size());
        h.delays.forEach(d -> assertTrue(d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofSeconds(60)) <= 0, d.toString()));
    }

    @Test
    void serverErrorThenSuccess() throws Exception {
        h.server.then(StubServer.Response.json(503, errorBody(503, "overloaded")))
                .then(StubServer.Response.json(200, okBody()));
        assertEquals("hi", Harness.await(h.client.chat(hello(model()))).text());
        assertEquals(2, h.server.requests().size());
        assertEquals(List.of(Duration.ofSeconds(2)), h.delays, "decorrelated jitter: 1 s + 0.5 * (3 s - 1 s)");
        assertEquals(CircuitState.CLOSED, h.breaker.state());
    }

    @Test
    void serverErrorsGiveUpAfterThreeAttempts() throws Exception {
        h.server.thenTimes(4, StubServer.Response.json(500, errorBody(500, "boom")));
        LlmException e = Harness.failure(h.client.chat(hello(model())));
        assertEquals(LlmErrorKind.UNAVAILABLE, e.kind());
        assertEquals(3, h.server.requests().size());
    }

    @Test
    void unauthorizedFailsAtOnceAndNeverShowsTheKey() throws Exception {
        h.server.then(StubServer.Response.json(401, errorBody(401, "Incorrect API key provided: " + Harness.KEY)));
        LlmException e = Harness.failure(h.client.chat(hello(model())));
        assertEquals(LlmErrorKind.AUTHENTICATION, e.kind());
        assertEquals(1, h.server.requests().size(), "401 is not retried");
        assertTrue(h.delays.isEmpty());
        assertFalse(e.getMessage().contains(Harness.KEY), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789abcdef"), e.getMessage());
        assertTrue(e.getMessage().contains("401"), e.getMessage());
    }

    @Test
    void badRequestFailsAtOnce() throws Exception {
        h.server.then(StubServer.Response.json(400, errorBody(400, "messages: field required")));
        LlmException e = Harness.failure(h.client.chat(hello(model())));
        assertEquals(LlmErrorKind.BAD_REQUEST, e.kind());
        assertEquals(1, h.server.requests().size());
        assertTrue(e.getMessage().contains("field required"), e.getMessage());
    }

    @Test
    void contextOverflowIsTyped() throws Exception {
        h.server.then(StubServer.Response.json(400, errorBody(400, "prompt is too long: 210000 tokens > 200000 maximum")));
        assertEquals(LlmErrorKind.CONTEXT_OVERFLOW, Harness.failure(h.client.chat(hello(model()))).kind());
    }

    @Test
    void breakerOpensAfterFiveFailuresAndThenRefusesWithoutCalling() throws Exception {
        h.server.thenTimes(10, StubServer.Response.json(502, errorBody(502, "bad gateway")));
        Harness.failure(h.client.chat(hello(model()))); // 3 failures
        LlmException second = Harness.failure(h.client.chat(hello(model()))); // 2 more open the circuit
        assertEquals(5, h.server.requests().size());
        assertEquals(CircuitState.OPEN, h.breaker.state());
        LlmException refused = Harness.failure(h.client.chat(hello(model())));
        assertEquals(LlmErrorKind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains("circuit open"), refused.getMessage());
        assertEquals(5, h.server.requests().size(), "an open circuit sends nothing");
        assertEquals(LlmErrorKind.UNAVAILABLE, second.kind());
    }
}

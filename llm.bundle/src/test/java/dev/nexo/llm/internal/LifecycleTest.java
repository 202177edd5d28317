package dev.nexo.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stopping a provider, cancelling a call and the caller's deadline all end a call that hangs upstream. */
class LifecycleTest {
    private CompletableFuture<Void> deadline = new CompletableFuture<>();

    private LlmClient client(StubServer server) {
        Endpoint e = Endpoint.of("slow", server.baseUrl("/v1"), "k");
        TestClock clock = new TestClock();
        return new LlmClient(e, new OpenAiWire(e, "/chat/completions"), HttpClient.newHttpClient(), Harness.EXCHANGES, d -> deadline, clock, 0,
                new CircuitBreaker("t", CircuitBreaker.Settings.DEFAULTS, clock, null), RetryPolicy.defaults(() -> 0.5),
                Duration.ofSeconds(30));
    }

    private static ChatRequest request(Duration timeout) {
        return ChatRequest.builder("m").message(ChatMessage.user("hi")).timeout(timeout).build();
    }

    @Test
    void closeFailsCallsInFlightWithCancelled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StubServer server = new StubServer()) {
            server.then(StubServer.Response.held(release));
            LlmClient client = client(server);
            CompletableFuture<ChatResponse> call = client.chat(request(null)).toCompletableFuture();
            assertTrue(server.received.await(10, TimeUnit.SECONDS));
            client.close();
            assertEquals(LlmErrorKind.CANCELLED, Harness.failure(call).kind());
            assertEquals(LlmErrorKind.CANCELLED, Harness.failure(client.chat(request(null))).kind(), "stopped refuses new calls");
        } finally {
            release.countDown();
        }
    }

    @Test
    void callerDeadlineFailsWithTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StubServer server = new StubServer()) {
            server.then(StubServer.Response.held(release));
            LlmClient client = client(server);
            CompletableFuture<ChatResponse> call = client.chat(request(Duration.ofSeconds(5))).toCompletableFuture();
            assertTrue(server.received.await(10, TimeUnit.SECONDS));
            deadline.complete(null); // the scheduled deadline fires
            assertEquals(LlmErrorKind.TIMEOUT, Harness.failure(call).kind());
        } finally {
            release.countDown();
        }
    }
}

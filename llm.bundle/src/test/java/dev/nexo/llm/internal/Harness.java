package dev.nexo.llm.internal;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Builds an {@link LlmClient} against a stub server with a test clock and a delayer that records
 * each requested delay and continues at once (so retry tests assert the schedule without sleeping).
 */
final class Harness implements AutoCloseable {
    static final String KEY = "sk-test-0123456789abcdef";
    /** Threads that wait in HttpClient.send; daemon, shared by the tests of one JVM. */
    static final java.util.concurrent.ExecutorService EXCHANGES = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-exchange");
        t.setDaemon(true);
        return t;
    });

    final StubServer server;
    final TestClock clock = new TestClock();
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final CircuitBreaker breaker = new CircuitBreaker("llm.test", CircuitBreaker.Settings.DEFAULTS, clock, null);
    final LlmClient client;

    /** The random source returns 0.5, so decorrelated jitter is predictable. */
    Harness(String basePath, Function<Endpoint, Wire> wire) throws Exception {
        this(basePath, wire, 0);
    }

    /** As above with a token bucket of {@code rps} requests a second. */
    Harness(String basePath, Function<Endpoint, Wire> wire, double rps) throws Exception {
        server = new StubServer();
        Endpoint endpoint = Endpoint.of("test", server.baseUrl(basePath), KEY);
        Delayer delayer = d -> {
            delays.add(d);
            clock.advance(d);
            return CompletableFuture.completedFuture(null);
        };
        client = new LlmClient(endpoint, wire.apply(endpoint), HttpClient.newHttpClient(), EXCHANGES, delayer, clock, rps,
                breaker, RetryPolicy.defaults(() -> 0.5), Duration.ofSeconds(10));
    }

    static ChatResponse await(CompletionStage<ChatResponse> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** @return the {@link LlmException} the stage failed with */
    static LlmException failure(CompletionStage<ChatResponse> stage) throws Exception {
        try {
            ChatResponse r = stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + r);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LlmException llm) {
                return llm;
            }
            throw new AssertionError("expected an LlmException", e.getCause());
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}

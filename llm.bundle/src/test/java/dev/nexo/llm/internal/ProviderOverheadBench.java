package dev.nexo.llm.internal;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.llm.ChatMessage;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ToolSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the provider layer adds to an LLM call: closed-loop callers against a loopback
 * OpenAI-compatible stub that answers at once, through {@link LlmClient} (request encoding, rate
 * limiter, breaker, retry bookkeeping, response mapping) versus the same-run baseline of a raw
 * {@link HttpClient} POST of a pre-encoded body whose answer is parsed with Jackson. Not a unit
 * test: run with {@code ./mvnw -B -q -Pbench -pl llm.bundle -am -DskipTests verify}.
 */
public final class ProviderOverheadBench {
    private static final java.util.concurrent.atomic.AtomicLong ERRORS = new java.util.concurrent.atomic.AtomicLong();

    private ProviderOverheadBench() {
    }

    /** @param args [seconds per measurement, default 5] */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs: +40 ms a call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (StubServer server = new StubServer()) {
            server.always(StubServer.Response.json(200, new OpenAiProviderTest().okBody()));
            Endpoint endpoint = Endpoint.of("bench", server.baseUrl("/v1"), "sk-bench");
            ExecutorService pool = Executors.newCachedThreadPool();
            HttpClient http = HttpClient.newBuilder().executor(pool).build();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            LlmClient client = new LlmClient(endpoint, new OpenAiWire(endpoint, "/chat/completions"), http, pool,
                    Delayer.on(timer), Clock.systemUTC(), 0,
                    CircuitBreaker.withDefaults("bench"), RetryPolicy.defaults(Math::random), Duration.ofSeconds(30));
            ChatRequest request = ChatRequest.builder("bench-model")
                    .message(ChatMessage.system("You are a benchmark."))
                    .message(ChatMessage.user("ping"))
                    .tool(new ToolSpec("echo", "Echoes", OpenAiProviderTest.WEATHER_SCHEMA))
                    .build();
            byte[] body = JsonSupport.write(new OpenAiWire(endpoint, "/chat/completions").body(request, false))
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest raw = HttpRequest.newBuilder(endpoint.uri("/chat/completions"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            Call baseline = () -> JsonSupport.MAPPER.readTree(http.send(raw, HttpResponse.BodyHandlers.ofString()).body());
            Call rawAsync = () -> JsonSupport.MAPPER.readTree(http.sendAsync(raw, HttpResponse.BodyHandlers.ofString())
                    .get(30, TimeUnit.SECONDS).body());
            Call provider = () -> client.chat(request).toCompletableFuture().get(30, TimeUnit.SECONDS);

            System.out.println("| callers | raw HttpClient p50 / p99 (ms), calls/s | provider p50 / p99 (ms), calls/s | "
                    + "added p50 (ms) | throughput ratio |");
            System.out.println("|---|---|---|---|---|");
            for (int callers : new int[] {1, 16, 64}) {
                run(baseline, callers, 2); // warm-up
                run(provider, callers, 2);
                // alternate the two so that load changes on a shared machine hit both alike
                Result b = run(baseline, callers, seconds / 2);
                Result p = run(provider, callers, seconds / 2);
                Result a = run(rawAsync, callers, seconds / 2);
                System.out.printf("raw sendAsync, %d callers: %.3f / %.3f ms, %.0f calls/s%n", callers, a.p50(), a.p99(), a.rate());
                b = b.merge(run(baseline, callers, seconds - seconds / 2));
                p = p.merge(run(provider, callers, seconds - seconds / 2));
                System.out.printf("| %d | %.3f / %.3f, %.0f | %.3f / %.3f, %.0f | %.3f | %.2f |%n", callers,
                        b.p50(), b.p99(), b.rate(), p.p50(), p.p99(), p.rate(), p.p50() - b.p50(), p.rate() / b.rate());
            }
            System.out.println("failed calls (excluded from the figures): " + ERRORS.get());
            client.close();
            timer.shutdownNow();
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    /** Latency samples (ns, sorted) of one measurement and its length. */
    private record Result(long[] sorted, double seconds) {
        double p50() {
            return sorted[sorted.length / 2] / 1e6;
        }

        double p99() {
            return sorted[(int) (sorted.length * 0.99)] / 1e6;
        }

        double rate() {
            return sorted.length / seconds;
        }

        Result merge(Result other) {
            long[] all = Arrays.copyOf(sorted, sorted.length + other.sorted.length);
            System.arraycopy(other.sorted, 0, all, sorted.length, other.sorted.length);
            Arrays.sort(all);
            return new Result(all, seconds + other.seconds);
        }
    }

    private static Result run(Call call, int callers, int seconds) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(callers, r -> {
            Thread t = new Thread(r, "bench-caller");
            t.setDaemon(true);
            return t;
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(workers.submit(() -> {
                long[] samples = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        call.run();
                    } catch (Exception e) {
                        if (ERRORS.getAndIncrement() == 0) {
                            System.out.println("first failed call: " + e);
                        }
                        continue;
                    }
                    long t = System.nanoTime() - t0;
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = t;
                }
                return Arrays.copyOf(samples, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> f : futures) {
            long[] s = f.get();
            long[] merged = Arrays.copyOf(all, all.length + s.length);
            System.arraycopy(s, 0, merged, all.length, s.length);
            all = merged;
        }
        workers.shutdownNow();
        Arrays.sort(all);
        return new Result(all, seconds);
    }
}

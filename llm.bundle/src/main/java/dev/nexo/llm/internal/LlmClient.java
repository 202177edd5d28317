package dev.nexo.llm.internal;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.llm.ChatRequest;
import dev.nexo.api.llm.ChatResponse;
import dev.nexo.api.llm.LlmErrorKind;
import dev.nexo.api.llm.LlmException;
import dev.nexo.api.llm.LlmProvider;
import dev.nexo.api.llm.LlmStreamListener;
import dev.nexo.api.llm.Usage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor-neutral half of every provider: token bucket, retries above the circuit breaker,
 * per-attempt and per-call timeouts, cancellation, streaming plumbing and error typing around one
 * {@link Wire}. Thread-safe; never blocks the caller.
 */
public final class LlmClient implements LlmProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LlmClient.class);
    /** The request metadata key naming the calling agent; each agent has its own token bucket. */
    static final String AGENT_ID = "agent_id";

    private final Endpoint endpoint;
    private final Wire wire;
    private final HttpClient http;
    private final ExecutorService exchanges;
    private final Delayer delayer;
    private final Clock clock;
    private final double requestsPerSecond;
    /** One bucket per agent (request metadata {@code agent_id}), as the seed asks: a noisy agent cannot starve others. */
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final CircuitBreaker breaker;
    private final RetryPolicy retry;
    private final Duration attemptTimeout;
    private final Set<CompletableFuture<ChatResponse>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param exchanges runs each HTTP exchange; one of its threads waits in {@link HttpClient#send}
     *        per call in flight (see {@link #exchange})
     */
    LlmClient(Endpoint endpoint, Wire wire, HttpClient http, ExecutorService exchanges, Delayer delayer, Clock clock, double requestsPerSecond,
            CircuitBreaker breaker, RetryPolicy retry, Duration attemptTimeout) {
        this.endpoint = endpoint;
        this.wire = wire;
        this.http = http;
        this.exchanges = exchanges;
        this.delayer = delayer;
        this.clock = clock;
        this.requestsPerSecond = requestsPerSecond;
        this.breaker = breaker;
        this.retry = retry;
        this.attemptTimeout = attemptTimeout;
    }

    @Override
    public String id() {
        return endpoint.id();
    }

    /** @return the breaker in front of this provider (for health and tests) */
    CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        return start(request, null);
    }

    @Override
    public CompletionStage<ChatResponse> stream(ChatRequest request, LlmStreamListener listener) {
        return start(request, listener == null ? new LlmStreamListener() { } : listener);
    }

    /** Fails every call in flight with {@code cancelled} and refuses new ones. */
    void close() {
        closed = true;
        for (CompletableFuture<ChatResponse> call : inFlight) {
            call.completeExceptionally(failure(LlmErrorKind.CANCELLED, "the provider was stopped"));
        }
    }

    private CompletableFuture<ChatResponse> start(ChatRequest request, LlmStreamListener listener) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(failure(LlmErrorKind.CANCELLED, "the provider is stopped"));
            return result;
        }
        byte[] body;
        try {
            body = JsonSupport.write(wire.body(request, listener != null)).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            result.completeExceptionally(failure(LlmErrorKind.BAD_REQUEST, "cannot encode the request: " + e.getMessage()));
            return result;
        }
        Call call = new Call(request, listener, body, result);
        inFlight.add(result);
        result.whenComplete((r, e) -> {
            inFlight.remove(result);
            call.abort();
        });
        request.timeout().ifPresent(deadline -> delayer.after(deadline).thenRun(() -> result.completeExceptionally(
                failure(LlmErrorKind.TIMEOUT, "no answer within " + deadline.toMillis() + " ms"))));
        call.attempt();
        return result;
    }

    private LlmException failure(LlmErrorKind kind, String message) {
        return new LlmException(kind, endpoint.id(), message, null, null);
    }

    /** The outcome of one HTTP exchange: a response, or a status with its error body. */
    private record Outcome(ChatResponse response, int status, HttpHeaders headers, String errorBody) {
    }

    /** One call across its attempts. */
    private final class Call {
        private final ChatRequest request;
        private final LlmStreamListener listener;
        private final byte[] body;
        private final CompletableFuture<ChatResponse> result;
        private final RetryPolicy.Schedule schedule = retry.schedule();
        private volatile CompletableFuture<?> current;
        private volatile boolean emitted;
        private int attempts;

        Call(ChatRequest request, LlmStreamListener listener, byte[] body, CompletableFuture<ChatResponse> result) {
            this.request = request;
            this.listener = listener == null ? null : new Guard(listener);
            this.body = body;
            this.result = result;
        }

        void attempt() {
            String agent = request.metadata().getOrDefault(AGENT_ID, "");
            Duration wait = buckets.computeIfAbsent(agent, a -> new TokenBucket(requestsPerSecond, clock)).reserve();
            if (wait.isZero()) {
                send();
            } else {
                LOG.debug("llm {}: rate limit, waiting {} ms", endpoint.id(), wait.toMillis());
                current = delayer.after(wait).whenComplete((v, e) -> {
                    if (e == null) {
                        send();
                    }
                });
            }
        }

        void abort() {
            CompletableFuture<?> f = current;
            if (f != null) {
                f.cancel(true);
            }
        }

        private void send() {
            if (result.isDone()) {
                return;
            }
            if (!breaker.tryAcquire()) {
                result.completeExceptionally(new LlmException(LlmErrorKind.UNAVAILABLE, endpoint.id(),
                        "circuit open after repeated failures", breaker.retryAfter(), null));
                return;
            }
            attempts++;
            HttpRequest req = wire.request(request, listener != null).timeout(attemptTimeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            AtomicBoolean settled = new AtomicBoolean();
            CompletableFuture<HttpResponse<Outcome>> f = exchange(req, info -> handle(info, settled));
            current = f;
            f.whenComplete((response, error) -> {
                if (settled.compareAndSet(false, true)) {
                    done(response == null ? null : response.body(), error);
                }
            });
            if (result.isDone()) {
                f.cancel(true); // completed (cancelled, timed out, stopped) while we were sending
            }
        }

        private HttpResponse.BodySubscriber<Outcome> handle(HttpResponse.ResponseInfo info, AtomicBoolean settled) {
            int status = info.statusCode();
            if (status / 100 != 2) {
                return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8),
                        text -> new Outcome(null, status, info.headers(), text));
            }
            if (listener == null) {
                return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8),
                        text -> new Outcome(wire.parse(JsonSupport.parse(endpoint.id(), text)), status, info.headers(), null));
            }
            Wire.StreamDecoder decoder = wire.decoder(listener);
            SseParser parser = new SseParser(decoder::onEvent);
            Lines lines = new Lines(parser, failure -> {
                if (settled.compareAndSet(false, true)) {
                    done(null, failure); // a stream error event: settle now, the body may never end
                }
            });
            return BodySubscribers.fromLineSubscriber(lines, l -> {
                parser.end();
                return new Outcome(decoder.finish(), status, info.headers(), null);
            }, StandardCharsets.UTF_8, null);
        }

        private void done(Outcome outcome, Throwable error) {
            LlmException failure;
            if (error != null) {
                Throwable cause = unwrap(error);
                failure = classify(cause);
                boolean providerFault = failure.kind() == LlmErrorKind.CONNECTION_FAILED
                        || failure.kind() == LlmErrorKind.TIMEOUT || failure.kind() == LlmErrorKind.UNAVAILABLE;
                record(!providerFault || result.isDone());
            } else if (outcome.response() != null) {
                breaker.onSuccess();
                result.complete(outcome.response());
                return;
            } else {
                record(outcome.status() < 500);
                Wire.VendorError v = wire.error(outcome.errorBody());
                failure = HttpErrors.map(endpoint.id(), outcome.status(), outcome.headers(), v.code(),
                        endpoint.secrets().scrub(v.message()), clock);
            }
            retryOrFail(failure);
        }

        private void record(boolean success) {
            if (success) {
                breaker.onSuccess();
            } else {
                breaker.onFailure();
            }
        }

        private void retryOrFail(LlmException failure) {
            if (result.isDone()) {
                return;
            }
            Optional<Duration> delay = emitted ? Optional.empty() : schedule.next(failure);
            if (delay.isEmpty()) {
                LOG.debug("llm {}: giving up after {} attempt(s): {}", endpoint.id(), attempts, failure.getMessage());
                result.completeExceptionally(failure);
                return;
            }
            LOG.debug("llm {}: attempt {} failed ({}), retrying in {} ms", endpoint.id(), attempts,
                    failure.kind().wireName(), delay.get().toMillis());
            current = delayer.after(delay.get()).whenComplete((v, e) -> {
                if (e == null) {
                    attempt();
                }
            });
        }

        private LlmException classify(Throwable cause) {
            if (cause instanceof LlmException e) {
                return e;
            }
            if (cause instanceof HttpTimeoutException) {
                return failure(LlmErrorKind.TIMEOUT, "no answer within " + attemptTimeout.toMillis() + " ms");
            }
            if (cause instanceof CancellationException) {
                return failure(LlmErrorKind.CANCELLED, "cancelled");
            }
            if (cause instanceof ConnectException || cause instanceof IOException) {
                return new LlmException(LlmErrorKind.CONNECTION_FAILED, endpoint.id(),
                        "cannot reach " + endpoint.baseUrl() + ": " + cause.getClass().getSimpleName(), null, null);
            }
            return new LlmException(LlmErrorKind.UNKNOWN, endpoint.id(),
                    endpoint.secrets().scrub(String.valueOf(cause.getMessage())), null, null);
        }

        /** Marks the call as having emitted deltas (no retry after that) and isolates listener failures. */
        private final class Guard implements LlmStreamListener {
            private final LlmStreamListener delegate;

            Guard(LlmStreamListener delegate) {
                this.delegate = delegate;
            }

            private void safely(Runnable r) {
                emitted = true;
                if (result.isDone()) {
                    return;
                }
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("llm {}: stream listener failed: {}", endpoint.id(), e.toString());
                }
            }

            @Override
            public void onTextDelta(String delta) {
                safely(() -> delegate.onTextDelta(delta));
            }

            @Override
            public void onToolCallStart(String callId, String toolName) {
                safely(() -> delegate.onToolCallStart(callId, toolName));
            }

            @Override
            public void onToolCallArgumentsDelta(String callId, String argumentsDelta) {
                safely(() -> delegate.onToolCallArgumentsDelta(callId, argumentsDelta));
            }

            @Override
            public void onToolCallEnd(String callId) {
                safely(() -> delegate.onToolCallEnd(callId));
            }

            @Override
            public void onUsage(Usage usage) {
                safely(() -> delegate.onUsage(usage));
            }
        }
    }

    /**
     * One exchange: {@link HttpClient#send} on an {@code exchanges} thread rather than
     * {@code sendAsync}. The JDK completes every {@code sendAsync} future through
     * {@code CompletableFuture}'s default executor, which on a machine with two cores or fewer is a
     * new thread per task; measured on loopback that capped a provider at about a quarter of the
     * synchronous client's calls per second (docs/performance.md). Cancelling the returned future
     * interrupts the waiting thread, which makes the JDK abort the exchange.
     */
    private CompletableFuture<HttpResponse<Outcome>> exchange(HttpRequest req, HttpResponse.BodyHandler<Outcome> handler) {
        CompletableFuture<HttpResponse<Outcome>> f = new CompletableFuture<>();
        Future<?> task;
        try {
            task = exchanges.submit(() -> {
                try {
                    f.complete(http.send(req, handler));
                } catch (InterruptedException e) {
                    f.completeExceptionally(new CancellationException("interrupted"));
                } catch (IOException | RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            f.completeExceptionally(failure(LlmErrorKind.CANCELLED, "the provider is stopped"));
            return f;
        }
        f.whenComplete((r, e) -> {
            if (f.isCancelled()) {
                task.cancel(true);
            }
        });
        return f;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof java.util.concurrent.ExecutionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IOException && c.getCause() instanceof LlmException) {
            return c.getCause();
        }
        return c;
    }

    /**
     * Feeds body lines to the SSE parser. A decoder failure (a stream {@code error} event, malformed
     * JSON) cancels the body and is reported at once.
     */
    private static final class Lines implements Flow.Subscriber<String> {
        private final SseParser parser;
        private final Consumer<Throwable> onFailure;
        private Flow.Subscription subscription;
        private boolean failed;

        Lines(SseParser parser, Consumer<Throwable> onFailure) {
            this.parser = parser;
            this.onFailure = onFailure;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (failed) {
                return;
            }
            try {
                parser.line(line);
            } catch (RuntimeException e) {
                failed = true;
                subscription.cancel();
                onFailure.accept(e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            // the exchange's future fails with it
        }

        @Override
        public void onComplete() {
            // the finisher runs next
        }
    }

    @Override
    public String toString() {
        return "LlmClient[" + endpoint + "]";
    }
}

package dev.nexo.llm.internal;

import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.fault.CircuitBreakerListener;
import dev.nexo.api.llm.LlmProvider;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one provider component owns: its threads, HTTP client, {@link LlmClient} and service
 * registration. Built in {@code @Activate}, released in {@code @Deactivate} (in-flight calls fail
 * with {@code cancelled}, threads stop).
 */
final class ProviderRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderRuntime.class);

    private final ScheduledExecutorService timer;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final LlmClient client;
    private final ServiceRegistration<LlmProvider> registration;

    private ProviderRuntime(BundleContext context, String kind, ProviderConfig config, String defaultBaseUrl,
            Function<Endpoint, Wire> wires) {
        String id = config.name() == null || config.name().isBlank() ? kind : config.name().strip();
        Endpoint endpoint = Endpoint.of(id, config.base__url().isBlank() ? defaultBaseUrl : config.base__url(),
                apiKey(config));
        timer = Executors.newSingleThreadScheduledExecutor(threads("nexo-llm-" + id + "-timer"));
        httpExecutor = Executors.newCachedThreadPool(threads("nexo-llm-" + id + "-http"));
        http = HttpClient.newBuilder().executor(httpExecutor).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        RetryPolicy retry = RetryPolicy.of(config.retry_max__attempts(),
                Duration.ofMillis(Math.max(1, config.retry_initial__backoff__ms())),
                Duration.ofMillis(config.retry_max__backoff__ms()), config.retry_server__max__attempts(),
                Duration.ofMillis(config.retry_server__max__backoff__ms()), () -> ThreadLocalRandom.current().nextDouble());
        CircuitBreakerListener log = (name, from, to) -> LOG.warn("llm circuit {}: {} -> {}", name, from, to);
        CircuitBreaker breaker = new CircuitBreaker("llm." + kind + "." + id, CircuitBreaker.Settings.DEFAULTS,
                Clock.systemUTC(), log);
        client = new LlmClient(endpoint, wires.apply(endpoint), http, httpExecutor, Delayer.on(timer), Clock.systemUTC(),
                config.rate__limit_requests__per__second(), breaker, retry,
                Duration.ofMillis(Math.max(1, config.request__timeout__ms())));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(LlmProvider.PROVIDER, id);
        props.put("nexo.llm.provider.kind", kind);
        registration = context.registerService(LlmProvider.class, client, props);
        if (!endpoint.hasKey()) {
            LOG.info("llm provider {} ({}) at {} has no API key configured", id, kind, endpoint.baseUrl());
        } else {
            LOG.info("llm provider {} ({}) at {} ready", id, kind, endpoint.baseUrl());
        }
    }

    /**
     * @param context the component's bundle context, to register the service with
     * @param kind the provider kind ({@code openai}, {@code anthropic}, ...)
     * @param config the configuration
     * @param defaultBaseUrl used when {@code base_url} is empty
     * @param wires builds the kind's wire for the endpoint
     * @return the running provider
     */
    static ProviderRuntime start(BundleContext context, String kind, ProviderConfig config, String defaultBaseUrl,
            Function<Endpoint, Wire> wires) {
        return new ProviderRuntime(context, kind, config, defaultBaseUrl, wires);
    }

    /** Unregisters the service, fails calls in flight and stops every thread. */
    void stop() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        client.close();
        timer.shutdownNow();
        httpExecutor.shutdownNow();
        shutdownHttpClient();
        try {
            httpExecutor.awaitTermination(2, TimeUnit.SECONDS);
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("llm provider {} stopped", client.id());
    }

    /** JDK 21+ can stop the client's selector thread at once; on 17 it ends when the client is collected. */
    private void shutdownHttpClient() {
        try {
            Method shutdownNow = HttpClient.class.getMethod("shutdownNow");
            shutdownNow.invoke(http);
        } catch (ReflectiveOperationException olderJdk) {
            // nothing to do: no reference to the client is kept after stop
        }
    }

    private static String apiKey(ProviderConfig config) {
        if (!config.api__key().isBlank()) {
            return config.api__key();
        }
        String env = config.api__key__env().strip();
        if (!env.isEmpty()) {
            String value = System.getenv(env);
            if (value == null || value.isBlank()) {
                LOG.warn("llm provider {}: environment variable {} is not set", config.name(), env);
                return "";
            }
            return value;
        }
        return "";
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

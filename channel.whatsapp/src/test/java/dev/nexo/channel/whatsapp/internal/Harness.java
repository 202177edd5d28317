package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** One {@link CloudAccount} against a {@link FakeGraphApi}, with recording fakes and a hand-driven clock and timer. */
final class Harness implements AutoCloseable {
    static final String APP_SECRET = "app-secret-123";
    static final String VERIFY_TOKEN = "verify-me";

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2024-04-25T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final FakeGraphApi graph = new FakeGraphApi();
    final Fakes.Gateway gateway = new Fakes.Gateway();
    final Fakes.RecordingBroker broker = new Fakes.RecordingBroker();
    final Fakes.ManualTimer timer = new Fakes.ManualTimer();
    final MutableClock clock = new MutableClock();
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    /** Retry delays asked for; the retry itself runs at once. */
    final List<Duration> retryDelays = new CopyOnWriteArrayList<>();
    final Path stateRoot;
    final CloudAccount account;
    private final HttpClient http = HttpClient.newHttpClient();

    Harness(Path stateRoot, Map<String, Object> overrides) throws IOException {
        this.stateRoot = stateRoot;
        Map<String, Object> values = new HashMap<>(Map.of("instance", "personal",
                "cloud_phone__number__id", FakeGraphApi.PNID, "cloud_access__token", FakeGraphApi.TOKEN,
                "cloud_app__secret", APP_SECRET, "cloud_verify__token", VERIFY_TOKEN,
                "cloud_api__base__url", graph.baseUrl()));
        values.putAll(overrides);
        account = new CloudAccount(Fakes.config(values), new CloudAccount.Wiring(gateway, new AtomicReference<>(broker),
                new AtomicReference<>(meters), http, stateRoot, clock, d -> {
                    retryDelays.add(d);
                    return (Executor) Runnable::run;
                }, timer, (String) values.get("env")));
    }

    Harness(Path stateRoot) throws IOException {
        this(stateRoot, Map.of());
    }

    /** POSTs a body signed with the app secret. */
    WebhookHandler.Reply post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return account.webhook().notify(bytes, new Signatures(APP_SECRET).header(bytes));
    }

    @Override
    public void close() {
        account.stop();
        graph.close();
    }
}

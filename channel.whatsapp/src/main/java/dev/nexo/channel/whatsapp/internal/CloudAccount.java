package dev.nexo.channel.whatsapp.internal;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.fault.Backoff;
import dev.nexo.api.fault.CircuitBreaker;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;

/**
 * One WhatsApp Cloud API account wired together, without OSGi: the {@link Channel} the core sends
 * through, the {@link WebhookHandler} Meta calls, the reply deadline, typing indicator and
 * lifecycle events. {@link WhatsAppChannel} creates it from configuration and registers it;
 * tests create it with a local Graph API server.
 */
final class CloudAccount implements Channel {
    static final String KIND = "whatsapp";
    private static final Logger LOG = LoggerFactory.getLogger(CloudAccount.class);

    /** What the account needs from its surroundings. */
    record Wiring(ChannelGateway gateway, AtomicReference<Broker> broker, AtomicReference<MeterRegistry> registry,
            HttpClient http, Path stateRoot, Clock clock, Function<Duration, Executor> delayer,
            ReplyDeadline.Timer timer, String aclEnv) {
    }

    private final ChannelRef ref;
    private final Clock clock;
    private final Lifecycle lifecycle;
    private final GraphApi api;
    private final CloudSender sender;
    private final WebhookHandler webhook;
    private final ReplyDeadline deadline;
    private final AccountState accountState;
    private final ChannelMetrics metrics;
    private final boolean typing;
    private final String apology;
    private volatile ChannelState state = ChannelState.STARTING;
    private volatile String detail = "checking the access token";
    private volatile Instant lastInbound;
    private volatile Instant lastOutbound;

    CloudAccount(WhatsAppConfig config, Wiring w) {
        this.ref = ChannelRef.of(KIND, config.instance());
        this.clock = w.clock();
        this.lifecycle = new Lifecycle(ref, w.broker());
        this.metrics = new ChannelMetrics(config.instance(), w.registry());
        require(config.cloud_phone__number__id(), "cloud.phone_number_id");
        require(config.cloud_access__token(), "cloud.access_token");
        require(config.cloud_app__secret(), "cloud.app_secret");
        require(config.cloud_verify__token(), "cloud.verify_token");
        this.api = new GraphApi(w.http(), config.cloud_api__base__url(), config.cloud_api__version(),
                config.cloud_phone__number__id(), config.cloud_access__token(),
                Duration.ofMillis(config.cloud_request__timeout__ms()));
        this.accountState = new AccountState(
                w.stateRoot().resolve("data").resolve(KIND).resolve(config.instance()).resolve("state.json"),
                clock, Duration.ofHours(config.cloud_window__hours()));
        CircuitBreaker breaker = new CircuitBreaker("channel.whatsapp." + config.instance(),
                CircuitBreaker.Settings.DEFAULTS, clock, null);
        Retry retry = new Retry(breaker, Backoff.decorrelatedJitter(Duration.ofMillis(500), Duration.ofSeconds(10),
                Math::random), w.delayer());
        this.sender = new CloudSender(ref, api, retry, accountState, w.stateRoot(), clock);
        this.deadline = new ReplyDeadline(Duration.ofMillis(config.bridge_response__timeout__ms()), w.timer(),
                this::timedOut);
        this.typing = typingMode(config.typing__mode());
        this.apology = "apology_text".equals(config.bridge_on__timeout()) ? config.bridge_apology__text() : null;
        WebhookParser parser = new WebhookParser(ref, config.cloud_phone__number__id(),
                config.behavior_ignore__from__me(), config.behavior_ignore__groups());
        Function<InboundMessage, CompletionStage<InboundMessage>> enrich = CompletableFuture::completedFuture;
        if (config.media__download()) {
            Path mediaDir = w.stateRoot().resolve(config.media__dir()).resolve(config.instance()).normalize();
            MediaDownloader media = new MediaDownloader(api, mediaDir, config.media__max__bytes());
            enrich = media::enrich;
        }
        this.webhook = new WebhookHandler(new Signatures(config.cloud_app__secret()), config.cloud_verify__token(),
                parser, accountState, new Acl(config.acl_allow__list(), w.aclEnv()), w.gateway(), enrich,
                this::accepted, clock);
    }

    /** Checks the token against the Graph API once; the outcome sets the health state. */
    CompletionStage<ChannelState> check() {
        return api.phoneNumber().handle((ok, failure) -> {
            if (failure == null) {
                moveTo(ChannelState.CONNECTED, "", "connected");
            } else {
                ChannelErrorCode code = Retry.unwrap(failure).code();
                if (code == ChannelErrorCode.AUTHENTICATION_FAILED) {
                    moveTo(ChannelState.CREDENTIALS_EXPIRED, "the Graph API rejected the access token",
                            "credentials_expired");
                } else {
                    moveTo(ChannelState.DISCONNECTED, "Graph API check failed: " + code.wireName(), "disconnected");
                }
            }
            return state;
        });
    }

    WebhookHandler webhook() {
        return webhook;
    }

    ChannelMetrics metrics() {
        return metrics;
    }

    ReplyDeadline deadline() {
        return deadline;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String instance() {
        return ref.instance().orElseThrow();
    }

    @Override
    public Set<ChannelFeature> features() {
        return EnumSet.of(ChannelFeature.MEDIA, ChannelFeature.REPLY, ChannelFeature.LOCATION,
                ChannelFeature.DELIVERY_RECEIPTS);
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        return sender.send(message).whenComplete((receipt, failure) -> {
            metrics.send(failure == null ? "sent" : Retry.unwrap(failure).code().wireName());
            if (failure == null) {
                lastOutbound = clock.instant();
                deadline.answered(message.recipient());
                if (state != ChannelState.CONNECTED) {
                    moveTo(ChannelState.CONNECTED, "", "connected");
                }
            } else if (Retry.unwrap(failure).code() == ChannelErrorCode.AUTHENTICATION_FAILED) {
                moveTo(ChannelState.CREDENTIALS_EXPIRED, "the Graph API rejected the access token",
                        "credentials_expired");
            }
        });
    }

    @Override
    public ChannelHealth health() {
        return new ChannelHealth(state, detail, clock.instant(), Optional.ofNullable(lastInbound),
                Optional.ofNullable(lastOutbound));
    }

    void stop() {
        deadline.clear();
        accountState.close();
        metrics.close();
        state = ChannelState.STOPPED;
        detail = "";
    }

    private void accepted(InboundMessage m) {
        lastInbound = clock.instant();
        metrics.inbound();
        deadline.started(m);
        if (typing) {
            sender.markRead(m.messageId(), true).exceptionally(e -> {
                LOG.debug("typing indicator for {} failed: {}", m.messageId(), e.toString());
                return null;
            });
        }
    }

    private void timedOut(InboundMessage m, Duration waited) {
        lifecycle.bridgeTimeout(m.messageId(), waited.toMillis());
        if (apology != null) {
            send(OutboundMessage.builder(ref, m.chat().id()).text(apology).replyTo(m.messageId()).build())
                    .exceptionally(e -> {
                        LOG.warn("apology for {} not sent: {}", m.messageId(), e.toString());
                        return null;
                    });
        }
    }

    private synchronized void moveTo(ChannelState next, String why, String event) {
        if (state == ChannelState.STOPPED) {
            return;
        }
        ChannelState previous = state;
        state = next;
        detail = why;
        if (previous != next) {
            lifecycle.state(event);
        }
    }

    private static boolean typingMode(String mode) {
        switch (mode) {
            case "never":
                return false;
            case "instant":
                return true;
            default:
                LOG.warn("typing_mode '{}' is not available on the Cloud API; using instant", mode);
                return true;
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("whatsapp account needs " + name);
        }
    }
}

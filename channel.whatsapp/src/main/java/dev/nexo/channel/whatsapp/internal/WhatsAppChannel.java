package dev.nexo.channel.whatsapp.internal;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.fault.Backoff;

/**
 * One configured WhatsApp account ({@code dev.nexo.channel.whatsapp~<instance>}). Registers the
 * {@link Channel} and the webhook servlet itself rather than as DS services, because both need
 * properties computed from the configuration ({@code nexo.channel.instance} and the servlet
 * pattern {@code /webhooks/whatsapp/<instance>}); both are unregistered, and the account's one
 * thread stopped, on deactivation.
 */
@Component(service = {}, configurationPid = WhatsAppConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WhatsAppConfig.class, factory = true)
public class WhatsAppChannel {
    /** Prefix of the account's thread name; the instance follows. */
    static final String THREAD_PREFIX = "nexo-whatsapp-";
    /** Path prefix of the webhook; the admin guard exempts {@code /webhooks/} from the admin key. */
    static final String WEBHOOK_PREFIX = "/webhooks/whatsapp/";
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppChannel.class);

    private final AtomicReference<Broker> broker = new AtomicReference<>();
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final HttpClient http;
    private final CloudAccount account;
    private final ServiceRegistration<Channel> channelRegistration;
    private final ServiceRegistration<Servlet> servletRegistration;
    private volatile ScheduledFuture<?> recheck;

    @Activate
    public WhatsAppChannel(BundleContext context, WhatsAppConfig config, @Reference ChannelGateway gateway) {
        String instance = config.instance();
        if (!config.enabled()) {
            LOG.info("whatsapp account {} is disabled", instance);
            scheduler = null;
            http = null;
            account = null;
            channelRegistration = null;
            servletRegistration = null;
            return;
        }
        scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, THREAD_PREFIX + instance));
        scheduler.setRemoveOnCancelPolicy(true);
        http = HttpClient.newBuilder().executor(scheduler).connectTimeout(Duration.ofSeconds(10)).build();
        Path stateRoot = Path.of(stateRoot(context));
        String env = config.acl_from__env().isBlank() ? null : System.getenv(config.acl_from__env());
        try {
            account = new CloudAccount(config, new CloudAccount.Wiring(gateway, broker, registry, http, stateRoot,
                    Clock.systemUTC(), d -> CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS, scheduler),
                    (d, task) -> {
                        ScheduledFuture<?> f = scheduler.schedule(task, d.toMillis(), TimeUnit.MILLISECONDS);
                        return () -> f.cancel(false);
                    }, env));
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        Hashtable<String, Object> channelProps = new Hashtable<>();
        channelProps.put(Channel.KIND, CloudAccount.KIND);
        channelProps.put(Channel.INSTANCE, instance);
        channelRegistration = context.registerService(Channel.class, account, channelProps);
        Hashtable<String, Object> servletProps = new Hashtable<>();
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, WEBHOOK_PREFIX + instance);
        servletProps.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "nexo-whatsapp-webhook-" + instance);
        servletRegistration = context.registerService(Servlet.class, new WebhookServlet(account.webhook(), account.metrics()), servletProps);
        scheduler.execute(() -> checkAccount(Backoff.exponential(Duration.ofSeconds(2), Duration.ofMinutes(5)), 1, null));
        LOG.info("whatsapp account {} active; webhook at {}{}", instance, WEBHOOK_PREFIX, instance);
    }

    /** Checks the token; while the Graph API is unreachable, checks again with backoff. */
    private void checkAccount(Backoff backoff, int attempt, Duration previous) {
        account.check().thenAccept(state -> {
            if (state == ChannelState.DISCONNECTED && !scheduler.isShutdown()) {
                Duration next = backoff.delay(attempt, previous);
                recheck = scheduler.schedule(() -> checkAccount(backoff, attempt + 1, next), next.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        });
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBroker(Broker b) {
        broker.set(b);
    }

    void unbindBroker(Broker b) {
        broker.compareAndSet(b, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(nexo.registry=prometheus)")
    void bindRegistry(MeterRegistry r) {
        registry.set(r);
    }

    void unbindRegistry(MeterRegistry r) {
        registry.compareAndSet(r, null);
    }

    @Deactivate
    void deactivate() {
        if (account == null) {
            return;
        }
        unregister(servletRegistration);
        unregister(channelRegistration);
        account.stop();
        ScheduledFuture<?> r = recheck;
        if (r != null) {
            r.cancel(false);
        }
        scheduler.shutdownNow();
        closeHttpClient();
        LOG.info("whatsapp account {} stopped", account.instance());
    }

    /**
     * HttpClient has {@code shutdownNow()} from JDK 21 on (called reflectively, the bundle targets 17);
     * on 17 its selector thread ends by itself once the client is unreachable.
     */
    private void closeHttpClient() {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(http);
        } catch (NoSuchMethodException jdk17) {
            // nothing to call
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("stopping the HTTP client failed: {}", e.toString());
        }
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }

    private static String stateRoot(BundleContext context) {
        String root = context.getProperty("nexo.state.root");
        return root == null || root.isBlank() ? System.getProperty("user.home") + "/.nexo" : root;
    }
}

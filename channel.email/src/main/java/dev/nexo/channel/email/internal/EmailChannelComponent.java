package dev.nexo.channel.email.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.broker.Broker;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.event.Event;
import dev.nexo.channel.email.internal.mime.Bounce;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
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
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component per mailbox configuration ({@code dev.nexo.channel.email~<instance>}). It builds
 * the {@link Mailbox} and registers it as a {@link Channel} itself, because the service property
 * {@link Channel#INSTANCE} must carry the configured {@code instance} value, which DS cannot rename
 * from configuration. Everything is released in {@link #deactivate()}.
 */
@Component(service = {}, immediate = true, configurationPid = EmailConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = EmailConfig.class, factory = true)
public final class EmailChannelComponent {
    private static final Logger LOG = LoggerFactory.getLogger(EmailChannelComponent.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Broker broker;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MeterRegistry registry;

    private final Mailbox mailbox;
    private final ServiceRegistration<Channel> registration;

    /**
     * @param context the bundle context, for the state root and the Channel registration
     * @param config the mailbox configuration
     * @param gateway where inbound messages go
     */
    @Activate
    public EmailChannelComponent(BundleContext context, EmailConfig config, @Reference ChannelGateway gateway) {
        if (!config.enabled()) {
            LOG.info("email {}: disabled in configuration", config.instance());
            mailbox = null;
            registration = null;
            return;
        }
        boolean insecure = "1".equals(System.getenv("EMAIL_INSECURE_TLS"));
        Settings settings = Settings.from(config, stateRoot(context), insecure);
        if (insecure) {
            LOG.warn("email {}: EMAIL_INSECURE_TLS=1, certificates are not verified (test servers only)",
                    settings.instance);
        }
        mailbox = new Mailbox(settings, gateway, this::publishBounce, new Metrics(settings.instance, () -> registry),
                Clock.systemUTC());
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Channel.KIND, Mailbox.KIND);
        props.put(Channel.INSTANCE, settings.instance);
        registration = context.registerService(Channel.class, mailbox, props);
        mailbox.start();
        LOG.info("email {}: started ({})", settings.instance, settings);
    }

    private void publishBounce(Bounce b) {
        String instance = mailbox.instance();
        LOG.warn("email {}: bounce {} for {} ({})", instance, b.statusCode(), b.originalMessageId(),
                b.classification());
        Broker current = broker;
        if (current == null) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("account_id", mailbox.settings().address);
        n.put("instance", instance);
        n.put("original_message_id", b.originalMessageId());
        n.put("recipient", b.recipient());
        n.put("status_code", b.statusCode());
        n.put("action", b.action());
        n.put("reason", b.reason());
        n.put("classification", b.classification());
        current.publish(Event.of("email.bounce." + instance, "plugin.email." + instance, n.toString()))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.warn("email {}: bounce not published: {}", instance, e.toString());
                    }
                });
    }

    static Path stateRoot(BundleContext context) {
        String root = context.getProperty("nexo.state.root");
        if (root == null || root.isBlank()) {
            root = System.getenv("NEXO_HOME");
        }
        Path p = root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".nexo") : Path.of(root.trim());
        return p.toAbsolutePath().normalize();
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        if (mailbox != null) {
            mailbox.close();
            LOG.info("email {}: stopped", mailbox.instance());
        }
    }
}

package dev.nexo.channel.telegram.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.ChannelGateway;

/**
 * One component per bot configuration ({@code dev.nexo.channel.telegram~<instance>}). It builds the
 * {@link TelegramBot} and registers it by hand as a {@link Channel} service with only the kind and
 * instance properties, rather than as a DS service, so the bot token in the configuration never
 * becomes a service property anyone can read. In webhook mode it also registers the webhook
 * servlet with the HTTP whiteboard. Deactivation (configuration removed or changed, bundle stopped,
 * updated or uninstalled) unregisters both and stops every thread of the bot.
 */
@Component(service = {}, configurationPid = TelegramConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TelegramConfig.class, factory = true)
public class TelegramBotComponent {
    /** Service property listing the agents allowed to send through the bot; empty means any bound agent. */
    static final String ALLOW_AGENTS = "nexo.channel.allow_agents";
    private static final Logger LOG = LoggerFactory.getLogger(TelegramBotComponent.class);

    private final TelegramBot bot;
    private final ServiceRegistration<Channel> channel;
    private final ServiceRegistration<Servlet> webhook;
    private final BotMetrics metrics;

    @Activate
    public TelegramBotComponent(BundleContext context, @Reference ChannelGateway gateway,
            @Reference MetricsBinder meters, TelegramConfig config) {
        if (!config.enabled()) {
            LOG.info("telegram bot {} is disabled in its configuration", config.instance());
            bot = null;
            channel = null;
            webhook = null;
            metrics = null;
            return;
        }
        BotSettings settings = BotSettings.from(config);
        Path root = stateRoot(context);
        bot = new TelegramBot(settings, gateway, root.resolve("data").resolve("telegram").resolve(settings.instance()),
                root, Clock.systemUTC());
        bot.start();
        metrics = meters.bind(bot);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Channel.KIND, TelegramBot.KIND);
        props.put(Channel.INSTANCE, settings.instance());
        props.put(ALLOW_AGENTS, config.allow__agents());
        channel = context.registerService(Channel.class, bot, props);
        webhook = settings.webhook() ? registerWebhook(context, settings) : null;
    }

    private ServiceRegistration<Servlet> registerWebhook(BundleContext context, BotSettings settings) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", settings.webhookPath());
        props.put("osgi.http.whiteboard.servlet.name", "nexo-telegram-webhook-" + settings.instance());
        return context.registerService(Servlet.class, new WebhookServlet(bot, settings.webhookSecret()), props);
    }

    /** The state root: framework property {@code nexo.state.root}, default {@code ~/.nexo}. */
    static Path stateRoot(BundleContext context) {
        String root = context.getProperty("nexo.state.root");
        return (root == null || root.isBlank() ? Path.of(System.getProperty("user.home"), ".nexo") : Path.of(root))
                .toAbsolutePath();
    }

    @Deactivate
    void deactivate() {
        if (bot == null) {
            return;
        }
        unregister(webhook);
        unregister(channel);
        metrics.close();
        bot.close();
    }

    private static void unregister(ServiceRegistration<?> reg) {
        if (reg == null) {
            return;
        }
        try {
            reg.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
    }
}

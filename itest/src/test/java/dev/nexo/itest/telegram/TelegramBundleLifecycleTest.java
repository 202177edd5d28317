package dev.nexo.itest.telegram;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.itest.AdminClient;
import dev.nexo.itest.ChannelBundles;
import dev.nexo.itest.InFramework;
import dev.nexo.itest.RecordingGateway;
import dev.nexo.test.support.Poll;
import dev.nexo.test.support.telegram.BotApiStub;

/**
 * The Telegram bundle installed into, and removed from, a running container: with a bot configured
 * it starts polling the (local) Bot API and hands updates to the gateway in order; a webhook bot
 * answers on {@code /webhooks/telegram/<instance>} through the real HTTP server and admin guard;
 * uninstalling stops polling and leaves no thread and no service behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TelegramBundleLifecycleTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BSN = "dev.nexo.channel.telegram";
    private static final String THREADS = "nexo-telegram-";
    private static final String SECRET = "itest-secret_1";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void installWithABotConfiguredPollsAndUninstallLeavesNothingBehind() throws Exception {
        Bundle shipped = ChannelBundles.bundle(context, BSN);
        String location = shipped.getLocation();
        shipped.uninstall();
        Poll.until("no telegram threads", WAIT, () -> threads(THREADS), List::isEmpty);

        RecordingGateway gateway = new RecordingGateway();
        ServiceRegistration<ChannelGateway> gw = gateway.register(context);
        try (BotApiStub api = new BotApiStub()) {
            for (long i = 1; i <= 5; i++) {
                api.queueText(i, 42, "update " + i);
            }
            configure("poll_bot", api, false);
            configure("hook_bot", api, true);

            Bundle telegram = context.installBundle(location);
            telegram.start();

            Poll.until("5 updates through the gateway in order", WAIT, () -> gateway.texts("poll_bot"),
                    List.of("update 1", "update 2", "update 3", "update 4", "update 5")::equals);
            assertTrue("polling thread runs", threads(THREADS + "poll_bot-poll").size() == 1);
            assertEquals("telegram channels registered", List.of("hook_bot", "poll_bot"), channelInstances());
            checkAdminHealth();
            checkWebhook(gateway, api);

            telegram.uninstall();
            Poll.until("no telegram threads after uninstall", WAIT, () -> threads(THREADS), List::isEmpty);
            assertEquals("no telegram channels after uninstall", List.of(), channelInstances());

            // restart mid-stream: updates that arrive while the bundle is gone are neither lost nor repeated
            for (long i = 6; i <= 8; i++) {
                api.queueText(i, 42, "update " + i);
            }
            telegram = context.installBundle(location);
            telegram.start();
            List<String> all = List.of("update 1", "update 2", "update 3", "update 4", "update 5", "update 6",
                    "update 7", "update 8");
            Poll.until("updates 6..8 after the reinstall, nothing repeated", WAIT, () -> gateway.texts("poll_bot"),
                    all::equals);
            telegram.uninstall();
            Poll.until("no telegram threads after the second uninstall", WAIT, () -> threads(THREADS), List::isEmpty);
            assertEquals(all, gateway.texts("poll_bot"));
        } finally {
            gw.unregister();
            for (org.osgi.service.cm.Configuration c : configAdmin.listConfigurations("(service.factoryPid=" + BSN + ")")) {
                c.delete();
            }
        }
    }

    private void configure(String instance, BotApiStub api, boolean webhook) throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration(BSN, instance, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("instance", instance);
        p.put("token", BotApiStub.TOKEN);
        p.put("api_base_url", api.base());
        p.put("polling.interval_ms", 1000L);
        p.put("webhook.enabled", webhook);
        if (webhook) {
            p.put("webhook.public_url", "https://bots.example.com");
            p.put("webhook.secret_token", SECRET);
        }
        c.update(p);
    }

    /**
     * GET /admin/api/channels lists both bots (attributed to the telegram bundle) and shows no
     * secret; each bot's {@code Channel.health()} says connected with its last successful poll.
     */
    private void checkAdminHealth() throws InvalidSyntaxException {
        AdminClient admin = AdminClient.forFramework(context, WAIT);
        JsonNode channels = Poll.until("admin API lists the telegram bots", WAIT, () -> admin.get("/admin/api/channels"),
                r -> r.status() == 200 && ChannelBundles.adminInstances(r.json(), "telegram", BSN).equals(List.of("hook_bot", "poll_bot"))).json();
        assertTrue("no token in the admin API: " + channels, !channels.toString().contains(BotApiStub.TOKEN.split(":")[1]));
        for (ServiceReference<Channel> ref : context.getServiceReferences(Channel.class, "(" + Channel.INSTANCE + "=poll_bot)")) {
            Channel bot = context.getService(ref);
            try {
                assertEquals(dev.nexo.api.channel.ChannelState.CONNECTED, bot.health().state());
                assertTrue(bot.health().detail(), bot.health().detail().contains("last_poll="));
                assertTrue("no token in service properties", Arrays.stream(ref.getPropertyKeys()).noneMatch("token"::equals));
            } finally {
                context.ungetService(ref);
            }
        }
    }

    /** The webhook through the real HTTP server: the admin key is not needed, the secret is. */
    private void checkWebhook(RecordingGateway gateway, BotApiStub api) throws Exception {
        Poll.until("setWebhook called", WAIT, () -> api.count("setWebhook"), n -> n > 0);
        String update = BotApiStub.textUpdate(77, 7, "via hook");
        Poll.until("webhook answers 200 for a valid update", WAIT, () -> post(SECRET, update), s -> s == 200);
        assertEquals(List.of("via hook"), gateway.texts("hook_bot"));
        assertEquals("missing secret", 401, post(null, update));
        assertEquals("wrong secret", 403, post("nope", update));
        assertEquals("malformed JSON", 400, post(SECRET, "{oops"));
        assertEquals("nothing else published", List.of("via hook"), gateway.texts("hook_bot"));
    }

    private int post(String secret, String body) {
        return BotApiStub.postWebhook(Integer.parseInt(context.getProperty("org.osgi.service.http.port")), "hook_bot", secret, body);
    }

    private List<String> channelInstances() {
        return ChannelBundles.instances(context, "telegram");
    }

    private static List<String> threads(String prefix) {
        return ChannelBundles.threads(n -> n.startsWith(prefix));
    }
}

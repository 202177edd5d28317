package dev.nexo.itest.whatsapp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.itest.ChannelBundles;
import dev.nexo.itest.InFramework;
import dev.nexo.itest.RecordingGateway;
import dev.nexo.test.support.Poll;

/**
 * Boots the distribution, configures one WhatsApp account through ConfigAdmin (the PID the YAML
 * maps to) and checks, over real HTTP through Jetty and the admin guard, that its webhook answers
 * the verification handshake and signed notifications without the admin key; then uninstalls the
 * channel bundle while the container runs and checks that the route, the Channel service and the
 * account's thread disappear, and that reinstalling brings them back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhatsAppWebhookLifecycleTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BSN = "dev.nexo.channel.whatsapp";
    private static final String INSTANCE = "itest";
    private static final String PATH = "/webhooks/whatsapp/" + INSTANCE;
    private static final String SECRET = "itest-app-secret";
    private static final String VERIFY = "itest-verify";
    private static final String THREAD = "nexo-whatsapp-" + INSTANCE;

    @Inject
    private ConfigurationAdmin configAdmin;

    private final HttpClient http = HttpClient.newHttpClient();
    private final RecordingGateway gateway = new RecordingGateway();
    private ServiceRegistration<ChannelGateway> gatewayRegistration;

    @Before
    public void register() {
        gatewayRegistration = gateway.register(context);
    }

    @After
    public void unregister() {
        gatewayRegistration.unregister();
    }

    @Test
    public void webhookRouteFollowsTheBundleAndAnswersWithoutTheAdminKey() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("dev.nexo.channel.whatsapp", INSTANCE, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("instance", INSTANCE);
        props.put("cloud.phone_number_id", "109876543210");
        props.put("cloud.access_token", "token");
        props.put("cloud.app_secret", SECRET);
        props.put("cloud.verify_token", VERIFY);
        props.put("cloud.api_base_url", "http://127.0.0.1:" + closedPort()); // nothing listens: the check fails, harmlessly
        props.put("typing_mode", "never");
        c.update(props);

        Bundle whatsapp = ChannelBundles.bundle(context, BSN);
        String location = whatsapp.getLocation();
        awaitLive(true);
        assertEquals("a wrong verify token is refused", 403, get(PATH + "?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42").status);

        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"W\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                + "\"phone_number_id\":\"109876543210\"},\"messages\":[{\"from\":\"16315551234\",\"id\":\"wamid.IT1\","
                + "\"timestamp\":\"1714000000\",\"type\":\"text\",\"text\":{\"body\":\"hola\"}}]}}]}]}";
        assertEquals("an unsigned POST is refused", 401, post(body, null).status);
        assertTrue("nothing published for an unsigned POST", gateway.all().isEmpty());
        assertEquals(200, post(body, WebhookSignature.sign(SECRET, body)).status);
        assertEquals(List.of("wamid.IT1"), gateway.all().stream().map(InboundMessage::messageId).collect(Collectors.toList()));

        whatsapp.uninstall();
        awaitLive(false);

        Bundle again = context.installBundle(location);
        again.start();
        awaitLive(true);
        assertEquals("the reinstalled account remembers processed ids", 200, post(body, WebhookSignature.sign(SECRET, body)).status);
        assertEquals(1, gateway.all().size());
        c.delete();
        awaitLive(false);
    }

    /** Waits until the route, the Channel service and the thread are all there, or all gone. */
    private void awaitLive(boolean live) {
        String challenge = PATH + "?hub.mode=subscribe&hub.verify_token=" + VERIFY + "&hub.challenge=1158201444";
        Poll.until("webhook route " + (live ? "up" : "gone"), WAIT, () -> get(challenge),
                r -> live ? r.status == 200 && "1158201444".equals(r.body) : r.status == 404);
        Poll.until("Channel service " + (live ? "registered" : "gone"), WAIT, this::channelCount, n -> n == (live ? 1 : 0));
        Poll.until("thread " + THREAD + (live ? " running" : " ended"), WAIT, WhatsAppWebhookLifecycleTest::threadAlive, a -> a == live);
    }

    private int channelCount() {
        try {
            return context.getServiceReferences(Channel.class, "(&(" + Channel.KIND + "=whatsapp)(" + Channel.INSTANCE + "=" + INSTANCE + "))").size();
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals(THREAD));
    }

    private record Reply(int status, String body) {
    }

    private Reply get(String path) {
        return call(HttpRequest.newBuilder(uri(path)).GET());
    }

    private Reply post(String body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("X-Hub-Signature-256", signature);
        }
        return call(b);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port") + path);
    }

    private Reply call(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

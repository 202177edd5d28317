package dev.nexo.itest.whatsapp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.broker.Subscription;
import dev.nexo.api.event.Event;
import dev.nexo.itest.InFramework;
import dev.nexo.test.support.Poll;

/**
 * The whole message path inside the running container with the core's real channel gateway and
 * outbound dispatcher: a signed webhook becomes an event on {@code plugin.inbound.whatsapp.flow};
 * an event on {@code plugin.outbound.whatsapp.flow} reaches a Graph API stand-in (a servlet in the
 * same Jetty, under {@code /webhooks/} so the admin guard lets it through) and comes back as a
 * receipt on {@code plugin.delivery.whatsapp.flow}: sent, failed for a permanent Graph error, and
 * failed without any Graph call outside the 24-hour window. Runs on the container's real broker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WhatsAppMessageFlowTest extends InFramework {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "flow-secret";
    private static final String PNID = "109876543210";
    private static final String CUSTOMER = "16315551234";
    private static final String UNDELIVERABLE = "4915100000000";

    @Inject
    private ConfigurationAdmin configAdmin;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> graphRequests = new CopyOnWriteArrayList<>();
    private ServiceRegistration<Servlet> graph;
    private Subscription subscription;

    @Before
    public void setUp() {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/webhooks/fake-graph/*");
        graph = context.registerService(Servlet.class, new FakeGraph(), props);
    }

    @After
    public void tearDown() {
        if (subscription != null) {
            subscription.close();
        }
        graph.unregister();
    }

    @Test
    public void webhookToInboundEventAndOutboundEventToReceipt() throws Exception {
        ServiceReference<Broker> ref = Poll.until("the container's broker", WAIT,
                () -> context.getServiceReference(Broker.class), r -> r != null);
        Broker broker = context.getService(ref);
        subscription = broker.subscribe("plugin.*.whatsapp.flow", events::add);

        org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("dev.nexo.channel.whatsapp", "flow", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("instance", "flow");
        props.put("cloud.phone_number_id", PNID);
        props.put("cloud.access_token", "flow-token");
        props.put("cloud.app_secret", SECRET);
        props.put("cloud.verify_token", "v");
        props.put("cloud.api_base_url", "http://127.0.0.1:" + port() + "/webhooks/fake-graph");
        props.put("typing_mode", "never");
        c.update(props);
        Poll.until("the webhook route", WAIT, () -> status(HttpRequest.newBuilder(uri("/webhooks/whatsapp/flow?hub.mode=subscribe"
                + "&hub.verify_token=v&hub.challenge=7")).GET()), s -> s == 200);

        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"W\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                + "\"phone_number_id\":\"" + PNID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Kerry\"},\"wa_id\":\"" + CUSTOMER
                + "\"}],\"messages\":[" + text(CUSTOMER, "wamid.F1") + "," + text(UNDELIVERABLE, "wamid.F2") + "]}}]}]}";
        assertEquals(200, status(HttpRequest.newBuilder(uri("/webhooks/whatsapp/flow"))
                .header("X-Hub-Signature-256", WebhookSignature.sign(SECRET, body)).POST(HttpRequest.BodyPublishers.ofString(body))));
        JsonNode inbound = payload(Poll.until("the inbound event", WAIT, () -> first("plugin.inbound.whatsapp.flow", "wamid.F1"), e -> e != null));
        assertEquals(CUSTOMER, inbound.path("from").asText());
        assertEquals("Kerry", inbound.path("display_name").asText());
        assertEquals("hola", inbound.path("text").asText());

        publish(broker, CUSTOMER, "c-sent");
        JsonNode sent = payload(Poll.until("the sent receipt", WAIT, () -> receipt("c-sent"), e -> e != null));
        assertEquals(sent.toString(), "sent", sent.path("status").asText());
        assertEquals("wamid.OUT1", sent.path("msg_id").asText());
        assertTrue("the account check ran: " + graphRequests, graphRequests.contains(
                "GET /webhooks/fake-graph/v21.0/" + PNID + " Bearer flow-token "));
        String request = graphRequests.stream().filter(r -> r.startsWith("POST")).findFirst().orElseThrow();
        assertTrue(request, request.startsWith("POST /webhooks/fake-graph/v21.0/" + PNID + "/messages Bearer flow-token "));
        assertTrue(request, request.contains("\"to\":\"" + CUSTOMER + "\"") && request.contains("\"body\":\"hello\""));

        publish(broker, UNDELIVERABLE, "c-failed");
        JsonNode failed = payload(Poll.until("the failed receipt", WAIT, () -> receipt("c-failed"), e -> e != null));
        assertEquals("failed", failed.path("status").asText());
        assertTrue(failed.toString(), failed.path("error").asText().contains("131026"));

        int before = graphRequests.size();
        publish(broker, "4400000000", "c-window");
        JsonNode refused = payload(Poll.until("the window receipt", WAIT, () -> receipt("c-window"), e -> e != null));
        assertEquals("failed", refused.path("status").asText());
        assertTrue(refused.toString(), refused.path("error").asText().contains("24-hour"));
        assertEquals("nothing posted outside the window", before, graphRequests.size());
        c.delete();
        context.ungetService(ref);
    }

    private static String text(String from, String id) {
        // the customer wrote just now: the 24-hour window counts from the message's own timestamp
        return "{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond()
                + "\",\"type\":\"text\","
                + "\"text\":{\"body\":\"hola\"}}";
    }

    private static void publish(Broker broker, String to, String correlationId) {
        broker.publish(Event.of("plugin.outbound.whatsapp.flow", "itest", "{\"channel\":{\"kind\":\"whatsapp\","
                + "\"instance\":\"flow\"},\"to\":\"" + to + "\",\"text\":\"hello\",\"correlation_id\":\"" + correlationId + "\"}"));
    }

    private Event first(String topic, String msgId) {
        return events.stream().filter(e -> e.topic().equals(topic) && e.payload().contains("\"" + msgId + "\""))
                .findFirst().orElse(null);
    }

    private Event receipt(String correlationId) {
        return events.stream().filter(e -> e.topic().equals("plugin.delivery.whatsapp.flow")
                && e.payload().contains("\"" + correlationId + "\"")).findFirst().orElse(null);
    }

    private static JsonNode payload(Event e) throws IOException {
        return JSON.readTree(e.payload());
    }

    /** Answers like the Graph API: success for everyone but {@link #UNDELIVERABLE}, who gets error 131026. */
    final class FakeGraph extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private int ids;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String auth = String.valueOf(req.getHeader("Authorization")).replace("Bearer ", "Bearer ");
            graphRequests.add(req.getMethod() + " " + req.getRequestURI() + " " + auth + " " + body);
            resp.setContentType("application/json");
            if ("GET".equals(req.getMethod())) {
                resp.getWriter().write("{\"display_phone_number\":\"15550001111\",\"verified_name\":\"Flow\",\"id\":\"" + PNID + "\"}");
            } else if (body.contains("\"to\":\"" + UNDELIVERABLE + "\"")) {
                resp.setStatus(400);
                resp.getWriter().write("{\"error\":{\"message\":\"Message Undeliverable.\",\"type\":\"OAuthException\","
                        + "\"code\":131026,\"fbtrace_id\":\"x\"}}");
            } else {
                resp.getWriter().write("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + CUSTOMER
                        + "\",\"wa_id\":\"" + CUSTOMER + "\"}],\"messages\":[{\"id\":\"wamid.OUT" + (++ids) + "\"}]}");
            }
        }
    }

    private int port() {
        return Integer.parseInt(context.getProperty("org.osgi.service.http.port"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private int status(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

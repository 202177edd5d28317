package dev.nexo.channel.telegram.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The webhook: secret check, malformed bodies, one event per valid update, repeats ignored, setWebhook. */
class WebhookServletTest {
    private static final String SECRET = "s3cret-Token_1";
    private static final String UPDATE = "{\"update_id\":5,\"message\":{\"message_id\":1,\"date\":1714000000,"
            + "\"from\":{\"id\":7,\"is_bot\":false,\"first_name\":\"A\"},\"chat\":{\"id\":7,\"type\":\"private\"},\"text\":\"hi\"}}";
    @TempDir
    Path state;
    private FakeBotApi api;
    private RecordingGateway gateway;
    private TelegramBot bot;
    private WebhookServlet servlet;

    @BeforeEach
    void start() throws Exception {
        api = new FakeBotApi();
        gateway = new RecordingGateway();
        BotSettings s = BotSettings.forTest("hook", FakeBotApi.TOKEN, api.base()).withWebhook("https://bots.example.com", SECRET);
        bot = new TelegramBot(s, gateway, state.resolve("data/telegram/hook"), state, Clock.systemUTC());
        bot.start();
        servlet = new WebhookServlet(bot, SECRET);
    }

    @AfterEach
    void stop() {
        bot.close();
        api.close();
    }

    @Test
    void registersItselfWithSetWebhookAndDoesNotPoll() {
        Wait.until("setWebhook", () -> !api.calls("setWebhook").isEmpty());
        JsonNode p = api.calls("setWebhook").get(0).params();
        assertEquals("https://bots.example.com/webhooks/telegram/hook", p.path("url").asText());
        assertEquals(SECRET, p.path("secret_token").asText());
        assertTrue(api.calls("getUpdates").isEmpty());
    }

    @Test
    void aValidUpdateWithTheRightSecretBecomesOneInboundEvent() throws Exception {
        assertEquals(200, post(SECRET, UPDATE));
        assertEquals(1, gateway.inbound().size());
        assertEquals("hi", gateway.inbound().get(0).text());
        assertEquals(200, post(SECRET, UPDATE), "Telegram retrying a delivered update");
        assertEquals(1, gateway.inbound().size(), "a repeat is acknowledged but not published again");
    }

    @Test
    void missingOrWrongSecretsAreRefusedAndNothingIsPublished() throws Exception {
        assertEquals(401, post(null, UPDATE));
        assertEquals(403, post("wrong", UPDATE));
        assertEquals(403, post(SECRET + "x", UPDATE));
        assertTrue(gateway.inbound().isEmpty());
    }

    @Test
    void malformedBodiesAre400AndNothingIsPublished() throws Exception {
        assertEquals(400, post(SECRET, "{not json"));
        assertEquals(400, post(SECRET, "[1,2]"));
        assertEquals(400, post(SECRET, "{\"message\":{}}"));
        assertEquals(400, post(SECRET, "{\"update_id\":\"x\"}"));
        assertTrue(gateway.inbound().isEmpty());
    }

    @Test
    void anUpdateTheBrokerRefusesIs500SoTelegramRetriesIt() throws Exception {
        gateway.refuseNext(1);
        assertEquals(500, post(SECRET, UPDATE));
        assertTrue(gateway.inbound().isEmpty());
        assertEquals(200, post(SECRET, UPDATE));
        assertEquals(1, gateway.inbound().size());
    }

    private int post(String secret, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream sin = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }
        };
        Map<String, String> headers = secret == null ? Map.of() : Map.of(WebhookServlet.SECRET_HEADER, secret);
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "getHeader":
                            return headers.get((String) a[0]);
                        case "getInputStream":
                            return sin;
                        case "getMethod":
                            return "POST";
                        default:
                            return null;
                    }
                });
        int[] status = {0};
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out);
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    if ("setStatus".equals(m.getName())) {
                        status[0] = (Integer) a[0];
                    } else if ("getWriter".equals(m.getName())) {
                        return writer;
                    }
                    return null;
                });
        servlet.doPost(req, resp);
        writer.flush();
        assertTrue(out.toString().startsWith("{\"ok\":"), out.toString());
        return status[0];
    }
}

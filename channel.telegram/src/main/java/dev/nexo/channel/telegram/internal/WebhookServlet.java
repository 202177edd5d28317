package dev.nexo.channel.telegram.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The webhook endpoint of one bot, {@code POST /webhooks/telegram/<instance>}, registered through
 * the HTTP whiteboard. Telegram authenticates with the {@code X-Telegram-Bot-Api-Secret-Token}
 * header given to {@code setWebhook}: missing → 401, wrong → 403 (compared in constant time).
 * A body that is not an {@code Update} object → 400. A valid update answers 200 only once the
 * broker has accepted it; otherwise 500, and Telegram delivers it again later.
 */
final class WebhookServlet extends HttpServlet {
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);
    private static final int MAX_BODY = 1 << 20;

    private final transient TelegramBot bot;
    private final byte[] secret;

    WebhookServlet(TelegramBot bot, String secret) {
        this.bot = bot;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String given = req.getHeader(SECRET_HEADER);
        if (given == null) {
            answer(resp, 401, "missing " + SECRET_HEADER);
            return;
        }
        if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("telegram webhook {}: request with a wrong secret token refused", bot.instance());
            answer(resp, 403, "wrong " + SECRET_HEADER);
            return;
        }
        JsonNode update = read(req);
        if (update == null || !update.isObject() || !update.path("update_id").canConvertToLong()
                || !update.path("update_id").isIntegralNumber()) {
            answer(resp, 400, "the body is not a Telegram Update object");
            return;
        }
        try {
            bot.process(update).get(25, TimeUnit.SECONDS);
            answer(resp, 200, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(resp, 503, "stopping");
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("telegram webhook {}: update {} not accepted: {}", bot.instance(),
                    update.path("update_id").asLong(), e.getCause() == null ? e : e.getCause());
            answer(resp, 500, "not accepted yet; Telegram will retry");
        }
    }

    private static JsonNode read(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                return null;
            }
            return BotApi.JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    private static void answer(HttpServletResponse resp, int status, String error) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        String body = error == null ? "{\"ok\":true}"
                : "{\"ok\":false,\"error\":" + BotApi.JSON.writeValueAsString(error) + "}";
        resp.getWriter().write(body);
    }
}

package dev.nexo.channel.whatsapp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The HTTP whiteboard servlet at {@code /webhooks/whatsapp/<instance>}: GET is Meta's verification
 * handshake, POST a signed notification. The logic lives in {@link WebhookHandler}; the core's
 * admin guard lets {@code /webhooks/} through without the admin key (Host checks still apply).
 */
final class WebhookServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Meta's notifications are a few KiB; anything far larger is not one. */
    static final int MAX_BODY = 1 << 20;

    private final transient WebhookHandler handler;
    private final transient ChannelMetrics metrics;

    WebhookServlet(WebhookHandler handler, ChannelMetrics metrics) {
        this.handler = handler;
        this.metrics = metrics;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        WebhookHandler.Reply reply = handler.verify(req.getParameter("hub.mode"),
                req.getParameter("hub.verify_token"), req.getParameter("hub.challenge"));
        metrics.webhook(reply.status() == 200 ? "verified" : "verify_refused");
        write(resp, reply);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            metrics.webhook("too_large");
            write(resp, WebhookHandler.Reply.json(413, "too_large", "webhook body too large"));
            return;
        }
        WebhookHandler.Reply reply = handler.notify(body, req.getHeader(Signatures.HEADER));
        metrics.webhook(outcome(reply.status()));
        write(resp, reply);
    }

    static String outcome(int status) {
        switch (status) {
            case 200:
                return "accepted";
            case 401:
                return "bad_signature";
            case 400:
                return "malformed";
            default:
                return "unavailable";
        }
    }

    private static void write(HttpServletResponse resp, WebhookHandler.Reply reply) throws IOException {
        resp.setStatus(reply.status());
        resp.setContentType(reply.contentType() + "; charset=utf-8");
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}

package dev.nexo.channel.whatsapp.internal;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.OutboundMessage;

/**
 * Builds the JSON bodies of {@code POST /{phone-number-id}/messages}. Outbound extras understood:
 * {@code whatsapp.reaction} (an emoji; reacts to {@code replyTo}), {@code whatsapp.template} and
 * {@code whatsapp.template_language} (a pre-approved template, the only thing allowed outside the
 * customer-service window), {@code whatsapp.preview_url} ({@code true} to render link previews).
 */
final class OutboundMapper {
    static final String REACTION = "whatsapp.reaction";
    static final String TEMPLATE = "whatsapp.template";
    static final String TEMPLATE_LANGUAGE = "whatsapp.template_language";
    static final String PREVIEW_URL = "whatsapp.preview_url";

    private OutboundMapper() {
    }

    static ObjectNode text(OutboundMessage m, String text) {
        ObjectNode body = base(m, "text");
        body.putObject("text").put("body", text).put("preview_url", "true".equals(m.extra().get(PREVIEW_URL)));
        return body;
    }

    static ObjectNode reaction(OutboundMessage m) {
        ObjectNode body = base(m, "reaction");
        body.remove("context");
        body.putObject("reaction").put("message_id", m.replyToMessageId().orElseThrow(
                () -> new IllegalArgumentException("a reaction needs the message id it reacts to (replyTo)")))
                .put("emoji", m.extra().get(REACTION));
        return body;
    }

    static ObjectNode template(OutboundMessage m) {
        ObjectNode body = base(m, "template");
        ObjectNode template = body.putObject("template").put("name", m.extra().get(TEMPLATE));
        template.putObject("language").put("code", m.extra().getOrDefault(TEMPLATE_LANGUAGE, "en_US"));
        if (!m.text().isEmpty()) {
            template.putArray("components").addObject().put("type", "body").putArray("parameters")
                    .addObject().put("type", "text").put("text", m.text());
        }
        return body;
    }

    /**
     * @param mediaId an uploaded media id, or null to use the attachment's own id or link
     * @param caption caption to show, or null
     */
    static ObjectNode media(OutboundMessage m, Attachment a, String mediaId, String caption) {
        String type = graphType(a);
        ObjectNode body = base(m, type);
        ObjectNode media = body.putObject(type);
        if (mediaId != null) {
            media.put("id", mediaId);
        } else if (a.remoteId().isPresent()) {
            media.put("id", a.remoteId().get());
        } else {
            media.put("link", a.url().orElseThrow(() -> new IllegalArgumentException("attachment has no id or link")));
        }
        if (caption != null && !caption.isEmpty() && takesCaption(type)) {
            media.put("caption", caption);
        }
        if ("document".equals(type)) {
            a.fileName().ifPresent(n -> media.put("filename", n));
        }
        return body;
    }

    /** {@code {"messaging_product":"whatsapp","status":"read","message_id":id[,"typing_indicator":{"type":"text"}]}} */
    static ObjectNode markRead(String messageId, boolean typing) {
        ObjectNode body = GraphApi.JSON.createObjectNode().put("messaging_product", "whatsapp").put("status", "read")
                .put("message_id", messageId);
        if (typing) {
            body.putObject("typing_indicator").put("type", "text");
        }
        return body;
    }

    static String graphType(Attachment a) {
        return switch (a.kind()) {
            case PHOTO -> "image";
            case VIDEO -> "video";
            case AUDIO, VOICE -> "audio";
            case STICKER -> "sticker";
            default -> "document";
        };
    }

    static boolean takesCaption(String type) {
        return "image".equals(type) || "video".equals(type) || "document".equals(type);
    }

    /** @return the recipient as Graph wants it: digits only, or a group id unchanged */
    static String to(String recipient) {
        String digits = Acl.normalise(recipient);
        return digits.isEmpty() || recipient.toLowerCase(Locale.ROOT).endsWith("@g.us") ? recipient : digits;
    }

    private static ObjectNode base(OutboundMessage m, String type) {
        ObjectNode body = GraphApi.JSON.createObjectNode().put("messaging_product", "whatsapp")
                .put("recipient_type", "individual").put("to", to(m.recipient())).put("type", type);
        Optional<String> reply = m.replyToMessageId();
        reply.ifPresent(id -> body.putObject("context").put("message_id", id));
        return body;
    }
}

package dev.nexo.channel.whatsapp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.ChatType;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Location;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.Sender;

/**
 * Maps a Cloud API webhook body ({@code object: whatsapp_business_account}, {@code entry[].changes[]}
 * with {@code field: messages}) to inbound messages and delivery receipts. Only changes whose
 * {@code metadata.phone_number_id} is this account's are read: one account never publishes what
 * was sent to another. Echoes of our own messages ({@code from} equal to our display number) are
 * dropped when the loop guard is on.
 */
final class WebhookParser {
    /** What one webhook body carried for this account. */
    record Batch(List<InboundMessage> messages, List<DeliveryReceipt> receipts, int ownEchoes) {
    }

    private final ChannelRef channel;
    private final String phoneNumberId;
    private final boolean ignoreFromMe;
    private final boolean ignoreGroups;

    WebhookParser(ChannelRef channel, String phoneNumberId, boolean ignoreFromMe, boolean ignoreGroups) {
        this.channel = channel;
        this.phoneNumberId = phoneNumberId;
        this.ignoreFromMe = ignoreFromMe;
        this.ignoreGroups = ignoreGroups;
    }

    /**
     * @param root the parsed body
     * @param receivedAt receive time
     * @return the batch
     * @throws IllegalArgumentException if the body is not a WhatsApp webhook
     */
    Batch parse(JsonNode root, Instant receivedAt) {
        if (!root.isObject() || !"whatsapp_business_account".equals(root.path("object").asText())
                || !root.path("entry").isArray()) {
            throw new IllegalArgumentException("not a whatsapp_business_account webhook");
        }
        List<InboundMessage> messages = new ArrayList<>();
        List<DeliveryReceipt> receipts = new ArrayList<>();
        int echoes = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                if (!"messages".equals(change.path("field").asText())
                        || !phoneNumberId.equals(value.path("metadata").path("phone_number_id").asText())) {
                    continue;
                }
                String own = Acl.normalise(value.path("metadata").path("display_phone_number").asText(""));
                Map<String, String> names = new HashMap<>();
                value.path("contacts").forEach(c -> names.put(c.path("wa_id").asText(), c.path("profile").path("name").asText(null)));
                for (JsonNode m : value.path("messages")) {
                    String from = m.path("from").asText("");
                    if (ignoreFromMe && !own.isEmpty() && own.equals(Acl.normalise(from))) {
                        echoes++;
                        continue;
                    }
                    if (ignoreGroups && m.hasNonNull("group_id")) {
                        continue;
                    }
                    messages.add(message(m, names.get(from), receivedAt));
                }
                value.path("statuses").forEach(s -> receipts.add(receipt(s, receivedAt)));
            }
        }
        return new Batch(messages, receipts, echoes);
    }

    private InboundMessage message(JsonNode m, String name, Instant receivedAt) {
        String from = m.path("from").asText();
        String type = m.path("type").asText("unknown");
        Chat chat = m.hasNonNull("group_id") ? Chat.of(m.path("group_id").asText(), ChatType.GROUP) : Chat.direct(from);
        InboundMessage.Builder b = InboundMessage.builder(channel, m.path("id").asText(), Sender.of(from, name, null), chat)
                .sentAt(epoch(m.path("timestamp"), receivedAt)).receivedAt(receivedAt)
                .extra("whatsapp.type", type);
        String context = m.path("context").path("id").asText("");
        if (!context.isEmpty()) {
            b.replyTo(context);
        }
        switch (type) {
            case "text" -> b.text(m.path("text").path("body").asText(""));
            case "image", "video", "audio", "document", "sticker" -> media(b, type, m.path(type));
            case "location" -> location(b, m.path("location"));
            case "reaction" -> {
                b.text(m.path("reaction").path("emoji").asText(""));
                b.extra("whatsapp.reaction_to", m.path("reaction").path("message_id").asText(""));
            }
            case "interactive" -> interactive(b, m.path("interactive"));
            case "button" -> {
                b.text(m.path("button").path("text").asText(""));
                b.extra("whatsapp.button_payload", m.path("button").path("payload").asText(""));
            }
            default -> { } // unsupported types arrive without content; the runtime drops them
        }
        return b.build();
    }

    private static void media(InboundMessage.Builder b, String type, JsonNode media) {
        MediaKind kind = switch (type) {
            case "image" -> MediaKind.PHOTO;
            case "video" -> MediaKind.VIDEO;
            case "audio" -> media.path("voice").asBoolean(false) ? MediaKind.VOICE : MediaKind.AUDIO;
            case "sticker" -> MediaKind.STICKER;
            default -> MediaKind.DOCUMENT;
        };
        Attachment.Builder a = Attachment.builder(kind).remoteId(media.path("id").asText(null))
                .mimeType(media.path("mime_type").asText(null)).sha256(media.path("sha256").asText(null))
                .fileName(media.path("filename").asText(null)).caption(media.path("caption").asText(null));
        b.attachment(a.build());
        b.text(media.path("caption").asText(""));
    }

    private static void location(InboundMessage.Builder b, JsonNode loc) {
        b.location(new Location(loc.path("latitude").asDouble(), loc.path("longitude").asDouble()));
        String label = (loc.path("name").asText("") + " " + loc.path("address").asText("")).trim();
        b.text(label);
    }

    private static void interactive(InboundMessage.Builder b, JsonNode interactive) {
        String kind = interactive.path("type").asText("");
        JsonNode reply = interactive.path(kind);
        b.text(reply.path("title").asText(""));
        b.extra("whatsapp.interactive_type", kind);
        b.extra("whatsapp.interactive_id", reply.path("id").asText(""));
    }

    private DeliveryReceipt receipt(JsonNode s, Instant receivedAt) {
        DeliveryStatus status = switch (s.path("status").asText()) {
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            default -> DeliveryStatus.SENT;
        };
        String reason = null;
        if (status == DeliveryStatus.FAILED) {
            JsonNode e = s.path("errors").path(0);
            reason = "whatsapp error " + e.path("code").asText("?") + ": "
                    + e.path("title").asText(e.path("message").asText("delivery failed"));
        }
        return DeliveryReceipt.of(channel, s.path("recipient_id").asText(), status, s.path("id").asText(), null,
                epoch(s.path("timestamp"), receivedAt), reason);
    }

    private static Instant epoch(JsonNode seconds, Instant fallback) {
        long v = seconds.asLong(0);
        return v > 0 ? Instant.ofEpochSecond(v) : fallback;
    }
}

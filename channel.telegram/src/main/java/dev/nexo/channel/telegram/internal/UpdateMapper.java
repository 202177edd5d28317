package dev.nexo.channel.telegram.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.ChatType;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.ForwardInfo;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Location;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.Sender;

/**
 * Maps one Bot API {@code Update} to an {@link InboundMessage}, or says why it is not for agents.
 * Handles {@code message}, {@code edited_message}, {@code channel_post}, {@code edited_channel_post}
 * and {@code callback_query}; text, commands, replies, captions, photos, documents, voice, audio,
 * video, stickers, locations, venues and forwards. Applies the account-level filters: the chat
 * allowlist and mention gating in groups (a group message counts when it mentions the bot, replies
 * to one of its messages or is a command). Pure: no I/O.
 */
final class UpdateMapper {
    private final ChannelRef channel;
    private final Set<Long> allowedChats;
    private final boolean requireMention;

    UpdateMapper(ChannelRef channel, Set<Long> allowedChats, boolean requireMention) {
        this.channel = channel;
        this.allowedChats = allowedChats;
        this.requireMention = requireMention;
    }

    /** The outcome for one update: a message for the gateway, or the reason it was dropped. */
    record Mapped(long updateId, Optional<InboundMessage> message, String dropReason, Optional<String> callbackId) {
        static Mapped drop(long updateId, String reason, Optional<String> callbackId) {
            return new Mapped(updateId, Optional.empty(), reason, callbackId);
        }
    }

    Mapped map(JsonNode update, BotIdentity me, Instant receivedAt) {
        long updateId = update.path("update_id").asLong(-1);
        if (updateId < 0) {
            throw new IllegalArgumentException("update without update_id");
        }
        for (String kind : new String[] {"message", "edited_message", "channel_post", "edited_channel_post"}) {
            if (update.has(kind)) {
                return message(updateId, kind, update.get(kind), me, receivedAt);
            }
        }
        if (update.has("callback_query")) {
            return callback(updateId, update.get("callback_query"), receivedAt);
        }
        String type = "unknown";
        for (java.util.Iterator<String> names = update.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!"update_id".equals(name)) {
                type = name;
                break;
            }
        }
        return Mapped.drop(updateId, "unhandled update type " + type, Optional.empty());
    }

    private Mapped message(long updateId, String kind, JsonNode m, BotIdentity me, Instant receivedAt) {
        JsonNode chatNode = m.path("chat");
        long chatId = chatNode.path("id").asLong();
        if (!allowedChats.isEmpty() && !allowedChats.contains(chatId)) {
            return Mapped.drop(updateId, "chat not in allowlist", Optional.empty());
        }
        ChatType type = ChatType.fromWire(chatNode.path("type").asText("private"));
        if (m.path("from").path("is_bot").asBoolean(false) && m.path("from").path("id").asLong() == me.id()) {
            return Mapped.drop(updateId, "own message", Optional.empty());
        }
        if (type != ChatType.PRIVATE && requireMention && !addressesBot(m, me)) {
            return Mapped.drop(updateId, "group message not addressed to the bot", Optional.empty());
        }
        InboundMessage.Builder b = InboundMessage.builder(channel, m.path("message_id").asText(), sender(m, chatNode),
                chat(chatNode, m))
                .text(m.has("text") ? m.path("text").asText() : m.path("caption").asText(""))
                .sentAt(Instant.ofEpochSecond(m.path("date").asLong(receivedAt.getEpochSecond())))
                .receivedAt(receivedAt)
                .extra("telegram.update_id", Long.toString(updateId))
                .extra("telegram.kind", kind);
        if (m.has("reply_to_message")) {
            b.replyTo(m.path("reply_to_message").path("message_id").asText());
        }
        if (kind.startsWith("edited_")) {
            b.extra("telegram.edited", "true");
        }
        command(m).ifPresent(c -> b.extra("telegram.command", c));
        if (m.hasNonNull("media_group_id")) {
            b.extra("telegram.media_group_id", m.path("media_group_id").asText());
        }
        media(m, b);
        JsonNode loc = m.has("location") ? m.path("location") : m.path("venue").path("location");
        if (loc.has("latitude")) {
            b.location(new Location(loc.path("latitude").asDouble(), loc.path("longitude").asDouble()));
        }
        b.forward(forward(m));
        return new Mapped(updateId, Optional.of(b.build()), null, Optional.empty());
    }

    private Mapped callback(long updateId, JsonNode q, Instant receivedAt) {
        String id = q.path("id").asText();
        JsonNode msg = q.path("message");
        JsonNode chatNode = msg.path("chat");
        if (!chatNode.has("id")) {
            return Mapped.drop(updateId, "callback without chat", Optional.of(id));
        }
        if (!allowedChats.isEmpty() && !allowedChats.contains(chatNode.path("id").asLong())) {
            return Mapped.drop(updateId, "chat not in allowlist", Optional.of(id));
        }
        InboundMessage in = InboundMessage.builder(channel, "callback:" + id, sender(q, chatNode), chat(chatNode, msg))
                .text(q.path("data").asText(""))
                .replyTo(msg.has("message_id") ? msg.path("message_id").asText() : null)
                .receivedAt(receivedAt)
                .extra("telegram.update_id", Long.toString(updateId))
                .extra("telegram.kind", "callback_query")
                .extra("telegram.callback_data", q.path("data").asText(""))
                .build();
        return new Mapped(updateId, Optional.of(in), null, Optional.of(id));
    }

    /** Whether a group message is for the bot: @mention, text mention, command or reply to the bot. */
    static boolean addressesBot(JsonNode m, BotIdentity me) {
        if (m.path("reply_to_message").path("from").path("id").asLong(-1) == me.id()) {
            return true;
        }
        String text = m.has("text") ? m.path("text").asText() : m.path("caption").asText("");
        JsonNode entities = m.has("entities") ? m.path("entities") : m.path("caption_entities");
        for (JsonNode e : entities) {
            String type = e.path("type").asText();
            String part = slice(text, e);
            if ("mention".equals(type) && me.isMe(part)) {
                return true;
            }
            if ("text_mention".equals(type) && e.path("user").path("id").asLong(-1) == me.id()) {
                return true;
            }
            if ("bot_command".equals(type) && e.path("offset").asInt(-1) == 0) {
                int at = part.indexOf('@');
                return at < 0 || me.isMe(part.substring(at + 1));
            }
        }
        return false;
    }

    /** Entity offsets and lengths count UTF-16 units, as Java strings do. */
    private static String slice(String text, JsonNode e) {
        int from = e.path("offset").asInt(0);
        int to = from + e.path("length").asInt(0);
        return from >= 0 && to <= text.length() && from <= to ? text.substring(from, to) : "";
    }

    private static Optional<String> command(JsonNode m) {
        String text = m.path("text").asText("");
        for (JsonNode e : m.path("entities")) {
            if ("bot_command".equals(e.path("type").asText()) && e.path("offset").asInt(-1) == 0) {
                String c = slice(text, e);
                int at = c.indexOf('@');
                return Optional.of(at < 0 ? c : c.substring(0, at));
            }
        }
        return Optional.empty();
    }

    private static Sender sender(JsonNode m, JsonNode chat) {
        JsonNode from = m.path("from");
        if (!from.has("id")) { // channel posts and anonymous admins speak as a chat
            JsonNode as = m.has("sender_chat") ? m.path("sender_chat") : chat;
            return Sender.of(as.path("id").asText(), text(as, "title"), text(as, "username"));
        }
        String name = (from.path("first_name").asText("") + " " + from.path("last_name").asText("")).strip();
        return Sender.of(from.path("id").asText(), name.isEmpty() ? null : name, text(from, "username"));
    }

    private static Chat chat(JsonNode chat, JsonNode m) {
        String thread = m.path("is_topic_message").asBoolean(false) ? m.path("message_thread_id").asText(null) : null;
        return new Chat(chat.path("id").asText(), ChatType.fromWire(chat.path("type").asText("private")),
                Optional.ofNullable(thread), Optional.ofNullable(text(chat, "title")));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) && !n.path(field).asText().isBlank() ? n.path(field).asText() : null;
    }

    private static void media(JsonNode m, InboundMessage.Builder b) {
        if (m.path("photo").isArray() && m.path("photo").size() > 0) {
            JsonNode largest = m.path("photo").get(m.path("photo").size() - 1);
            b.attachment(attachment(MediaKind.PHOTO, largest, "image/jpeg"));
        }
        add(m, "document", MediaKind.DOCUMENT, null, b);
        add(m, "voice", MediaKind.VOICE, "audio/ogg", b);
        add(m, "audio", MediaKind.AUDIO, null, b);
        add(m, "video", MediaKind.VIDEO, null, b);
        add(m, "video_note", MediaKind.VIDEO, "video/mp4", b);
        add(m, "animation", MediaKind.VIDEO, null, b);
        add(m, "sticker", MediaKind.STICKER, null, b);
    }

    private static void add(JsonNode m, String field, MediaKind kind, String defaultMime, InboundMessage.Builder b) {
        if (m.has(field) && m.path(field).has("file_id")) {
            b.attachment(attachment(kind, m.path(field), defaultMime));
        }
    }

    private static Attachment attachment(MediaKind kind, JsonNode f, String defaultMime) {
        Attachment.Builder a = Attachment.builder(kind).remoteId(f.path("file_id").asText())
                .mimeType(f.hasNonNull("mime_type") ? f.path("mime_type").asText() : defaultMime)
                .fileName(text(f, "file_name"));
        if (f.path("file_size").asLong(0) > 0) {
            a.sizeBytes(f.path("file_size").asLong());
        }
        if (f.path("width").asInt(0) > 0 && f.path("height").asInt(0) > 0) {
            a.dimensions(f.path("width").asInt(), f.path("height").asInt());
        }
        if (f.has("duration")) {
            a.duration(Duration.ofSeconds(Math.max(0, f.path("duration").asLong())));
        }
        return a.build();
    }

    /** Bot API 7 {@code forward_origin}, or the older {@code forward_from*} fields. */
    private static ForwardInfo forward(JsonNode m) {
        JsonNode o = m.path("forward_origin");
        if (o.has("type")) {
            String type = o.path("type").asText();
            String user = o.path("sender_user").path("id").asText(null);
            String chat = o.has("chat") ? o.path("chat").path("id").asText(null) : o.path("sender_chat").path("id").asText(null);
            return new ForwardInfo(type, Optional.ofNullable(user), Optional.ofNullable(chat),
                    o.has("date") ? Optional.of(Instant.ofEpochSecond(o.path("date").asLong())) : Optional.empty());
        }
        if (m.has("forward_date")) {
            String user = m.path("forward_from").path("id").asText(null);
            String chat = m.path("forward_from_chat").path("id").asText(null);
            String source = chat != null ? "chat" : user != null ? "user" : "hidden_user";
            return new ForwardInfo(source, Optional.ofNullable(user), Optional.ofNullable(chat),
                    Optional.of(Instant.ofEpochSecond(m.path("forward_date").asLong())));
        }
        return null;
    }
}

package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/**
 * {@code telegram_send_media}: a photo, document, voice note, audio or video, from a file under the
 * state root ({@code path}), a URL Telegram fetches itself, or a {@code file_id} Telegram already has.
 */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendMediaTool.NAME, Tool.CHANNEL + "=telegram"})
public class SendMediaTool extends TelegramTool {
    static final String NAME = "telegram_send_media";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a file to a Telegram chat: exactly one of path (a file under the Nexo state directory), "
                    + "url or file_id, with an optional caption.",
            schema("\"chat_id\":" + CHAT_ID + ",\"kind\":{\"enum\":[\"photo\",\"document\",\"voice\",\"audio\",\"video\"]},"
                    + "\"path\":{\"type\":\"string\"},\"url\":{\"type\":\"string\",\"pattern\":\"^https?://\"},"
                    + "\"file_id\":{\"type\":\"string\"},\"caption\":{\"type\":\"string\",\"maxLength\":1024},"
                    + "\"mime_type\":{\"type\":\"string\"},\"file_name\":{\"type\":\"string\"}", "chat_id", "kind"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        int sources = (args.hasNonNull("path") ? 1 : 0) + (args.hasNonNull("url") ? 1 : 0)
                + (args.hasNonNull("file_id") ? 1 : 0);
        if (sources != 1) {
            throw invalid("give exactly one of 'path', 'url' or 'file_id'");
        }
        String url = args.hasNonNull("url") ? args.path("url").asText() : null;
        if (url != null && !url.matches("^https?://.+")) {
            throw invalid("'url' must be http(s)");
        }
        String caption = args.path("caption").asText("");
        if (caption.length() > 1024) {
            throw invalid("'caption' is limited to 1024 characters");
        }
        Attachment a = Attachment.builder(MediaKind.fromWire(required(args, "kind")))
                .localPath(args.hasNonNull("path") ? args.path("path").asText() : null)
                .url(url)
                .remoteId(args.hasNonNull("file_id") ? args.path("file_id").asText() : null)
                .mimeType(args.hasNonNull("mime_type") ? args.path("mime_type").asText() : null)
                .fileName(args.hasNonNull("file_name") ? args.path("file_name").asText() : null)
                .build();
        return OutboundMessage.builder(bot, required(args, "chat_id")).text(caption).attachment(a);
    }
}

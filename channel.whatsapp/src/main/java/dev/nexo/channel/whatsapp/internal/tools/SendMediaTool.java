package dev.nexo.channel.whatsapp.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code whatsapp_send_media(to, file_path, caption?, mime?)}: a file, uploaded to the Cloud API first. */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendMediaTool.NAME, Tool.CHANNEL + "=whatsapp"})
public class SendMediaTool extends SendTool {
    static final String NAME = "whatsapp_send_media";
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a file (image, audio, video or document) over WhatsApp, with an optional caption. file_path is relative to the state root and must be inside its data/ folder.",
            "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\"},\"file_path\":{\"type\":\"string\"},\"caption\":{\"type\":\"string\"},\"mime\":{\"type\":\"string\"}},\"required\":[\"to\",\"file_path\"],\"additionalProperties\":false}",
            Sensitivity.WRITE);

    public SendMediaTool() {
        super(DESCRIPTOR);
    }

    @Override
    OutboundMessage build(JsonNode args, ChannelRef channel, ToolContext context) {
        String path = required(args, "file_path");
        String mime = args.path("mime").asText("");
        Attachment a = Attachment.builder(kindOf(mime)).localPath(path).mimeType(mime.isEmpty() ? null : mime)
                .fileName(java.nio.file.Path.of(path).getFileName().toString()).build();
        return OutboundMessage.builder(channel, required(args, "to")).text(args.path("caption").asText(""))
                .attachment(a).correlationId(context.correlationId()).build();
    }

    static MediaKind kindOf(String mime) {
        if (mime.startsWith("image/")) {
            return MediaKind.PHOTO;
        }
        if (mime.startsWith("audio/")) {
            return MediaKind.AUDIO;
        }
        return mime.startsWith("video/") ? MediaKind.VIDEO : MediaKind.DOCUMENT;
    }
}

package dev.nexo.channel.whatsapp.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code whatsapp_send_reaction(chat, msg_id, emoji)}: an emoji tap-back. */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendReactionTool.NAME, Tool.CHANNEL + "=whatsapp"})
public class SendReactionTool extends SendTool {
    static final String NAME = "whatsapp_send_reaction";
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "React to a WhatsApp message with an emoji.",
            "{\"type\":\"object\",\"properties\":{\"chat\":{\"type\":\"string\"},\"msg_id\":{\"type\":\"string\"},\"emoji\":{\"type\":\"string\"}},\"required\":[\"chat\",\"msg_id\",\"emoji\"],\"additionalProperties\":false}",
            Sensitivity.WRITE);

    public SendReactionTool() {
        super(DESCRIPTOR);
    }

    @Override
    OutboundMessage build(JsonNode args, ChannelRef channel, ToolContext context) {
        String emoji = required(args, "emoji");
        return OutboundMessage.builder(channel, required(args, "chat")).text(emoji).replyTo(required(args, "msg_id"))
                .extra("whatsapp.reaction", emoji).correlationId(context.correlationId()).build();
    }
}

package dev.nexo.channel.whatsapp.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code whatsapp_send_reply(chat, reply_to_msg_id, text)}: a text quoting an earlier message. */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendReplyTool.NAME, Tool.CHANNEL + "=whatsapp"})
public class SendReplyTool extends SendTool {
    static final String NAME = "whatsapp_send_reply";
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Reply to a specific WhatsApp message, quoting it.",
            "{\"type\":\"object\",\"properties\":{\"chat\":{\"type\":\"string\"},\"reply_to_msg_id\":{\"type\":\"string\"},\"text\":{\"type\":\"string\"}},\"required\":[\"chat\",\"reply_to_msg_id\",\"text\"],\"additionalProperties\":false}",
            Sensitivity.WRITE);

    public SendReplyTool() {
        super(DESCRIPTOR);
    }

    @Override
    OutboundMessage build(JsonNode args, ChannelRef channel, ToolContext context) {
        return OutboundMessage.builder(channel, required(args, "chat")).text(required(args, "text"))
                .replyTo(required(args, "reply_to_msg_id")).correlationId(context.correlationId()).build();
    }
}

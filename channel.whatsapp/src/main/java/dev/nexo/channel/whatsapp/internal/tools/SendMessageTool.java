package dev.nexo.channel.whatsapp.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code whatsapp_send_message(to, text)}: a text message to a number. */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendMessageTool.NAME, Tool.CHANNEL + "=whatsapp"})
public class SendMessageTool extends SendTool {
    static final String NAME = "whatsapp_send_message";
    static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a WhatsApp text message to a phone number (digits with country code) through your WhatsApp account.",
            "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\",\"description\":\"recipient number\"},"
                    + "\"text\":{\"type\":\"string\"}},\"required\":[\"to\",\"text\"],\"additionalProperties\":false}",
            Sensitivity.WRITE);

    public SendMessageTool() {
        super(DESCRIPTOR);
    }

    @Override
    OutboundMessage build(JsonNode args, ChannelRef channel, ToolContext context) {
        return OutboundMessage.builder(channel, required(args, "to")).text(required(args, "text"))
                .correlationId(context.correlationId()).build();
    }
}

package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code telegram_send_message}: text to a chat (long text is split, formats rendered safely). */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendMessageTool.NAME, Tool.CHANNEL + "=telegram"})
public class SendMessageTool extends TelegramTool {
    static final String NAME = "telegram_send_message";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a text message to a Telegram chat through this conversation's bot.",
            schema("\"chat_id\":" + CHAT_ID + ",\"text\":{\"type\":\"string\",\"minLength\":1},"
                    + "\"format\":{\"enum\":[\"plain\",\"markdown\",\"html\"]},\"thread_id\":{\"type\":\"string\"}",
                    "chat_id", "text"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        return OutboundMessage.builder(bot, required(args, "chat_id")).text(required(args, "text"))
                .format(format(args)).threadId(args.hasNonNull("thread_id") ? args.path("thread_id").asText() : null);
    }
}

package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code telegram_send_reply}: text quoting an earlier message of the chat. */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendReplyTool.NAME, Tool.CHANNEL + "=telegram"})
public class SendReplyTool extends TelegramTool {
    static final String NAME = "telegram_send_reply";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Reply to a specific earlier message in a Telegram chat, quoting it.",
            schema("\"chat_id\":" + CHAT_ID + ",\"reply_to_message_id\":{\"type\":[\"string\",\"integer\"]},"
                    + "\"text\":{\"type\":\"string\",\"minLength\":1},\"format\":{\"enum\":[\"plain\",\"markdown\",\"html\"]}",
                    "chat_id", "reply_to_message_id", "text"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        return OutboundMessage.builder(bot, required(args, "chat_id")).text(required(args, "text"))
                .format(format(args)).replyTo(messageId(args, "reply_to_message_id"));
    }
}

package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code telegram_edit_message}: replaces the text of a message the bot sent ({@code editMessageText}). */
@Component(service = Tool.class, property = {Tool.NAME + "=" + EditMessageTool.NAME, Tool.CHANNEL + "=telegram"})
public class EditMessageTool extends TelegramTool {
    static final String NAME = "telegram_edit_message";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Change the text of a message this bot sent earlier in a Telegram chat.",
            schema("\"chat_id\":" + CHAT_ID + ",\"message_id\":{\"type\":[\"string\",\"integer\"]},"
                    + "\"text\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":4096},"
                    + "\"format\":{\"enum\":[\"plain\",\"markdown\",\"html\"]}", "chat_id", "message_id", "text"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        String text = required(args, "text");
        if (text.length() > 4096) {
            throw invalid("'text' of an edit must fit one message (4096 characters)");
        }
        return OutboundMessage.builder(bot, required(args, "chat_id")).text(text).format(format(args))
                .extra("telegram.action", "edit").extra("telegram.message_id", messageId(args, "message_id"));
    }
}

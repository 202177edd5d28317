package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code telegram_send_reaction}: an emoji reaction on a message ({@code setMessageReaction}). */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendReactionTool.NAME, Tool.CHANNEL + "=telegram"})
public class SendReactionTool extends TelegramTool {
    static final String NAME = "telegram_send_reaction";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "React to a message in a Telegram chat with one emoji, e.g. \uD83D\uDC4D.",
            schema("\"chat_id\":" + CHAT_ID + ",\"message_id\":{\"type\":[\"string\",\"integer\"]},"
                    + "\"emoji\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":16}", "chat_id", "message_id", "emoji"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        String emoji = required(args, "emoji");
        if (emoji.length() > 16) {
            throw invalid("'emoji' must be one emoji");
        }
        return OutboundMessage.builder(bot, required(args, "chat_id")).text(emoji)
                .extra("telegram.action", "reaction").extra("telegram.message_id", messageId(args, "message_id"));
    }
}

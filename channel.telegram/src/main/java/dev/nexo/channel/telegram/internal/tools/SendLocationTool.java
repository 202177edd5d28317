package dev.nexo.channel.telegram.internal.tools;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.Location;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;

/** {@code telegram_send_location}: a map pin ({@code sendLocation}). */
@Component(service = Tool.class, property = {Tool.NAME + "=" + SendLocationTool.NAME, Tool.CHANNEL + "=telegram"})
public class SendLocationTool extends TelegramTool {
    static final String NAME = "telegram_send_location";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a location (GPS coordinates in degrees) to a Telegram chat.",
            schema("\"chat_id\":" + CHAT_ID + ",\"latitude\":{\"type\":\"number\",\"minimum\":-90,\"maximum\":90},"
                    + "\"longitude\":{\"type\":\"number\",\"minimum\":-180,\"maximum\":180}", "chat_id", "latitude", "longitude"),
            Sensitivity.WRITE);

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    OutboundMessage.Builder message(ChannelRef bot, JsonNode args) {
        if (!args.path("latitude").isNumber() || !args.path("longitude").isNumber()) {
            throw invalid("'latitude' and 'longitude' must be numbers");
        }
        Location at = new Location(args.path("latitude").asDouble(), args.path("longitude").asDouble());
        return OutboundMessage.builder(bot, required(args, "chat_id"))
                .text(at.latitude() + "," + at.longitude()) // readable where the channel cannot send locations
                .extra("telegram.action", "location")
                .extra("telegram.latitude", Double.toString(at.latitude()))
                .extra("telegram.longitude", Double.toString(at.longitude()));
    }
}

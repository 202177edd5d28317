package dev.nexo.channel.webchat.internal;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelKind;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.Sender;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code webchat} channel ({@code webchat/console}): what the operator types in the console's
 * chat panel becomes an inbound message from {@code operator} in a chat per browser tab; an agent
 * bound to {@code webchat}/{@code console} answers into the same chat.
 */
@ChannelKind("webchat")
@Component(service = {Channel.class, WebChatChannel.class}, property = Channel.INSTANCE + "=" + WebChatChannel.INSTANCE)
public class WebChatChannel implements Channel {
    static final String INSTANCE = "console";
    static final String OPERATOR = "operator";

    private final ChannelGateway gateway;
    private final Conversations conversations = new Conversations(500, 200);

    @Activate
    public WebChatChannel(@Reference ChannelGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public String kind() {
        return "webchat";
    }

    @Override
    public String instance() {
        return INSTANCE;
    }

    @Override
    public Set<ChannelFeature> features() {
        return Set.of();
    }

    /** The operator says something in chat {@code chat}; completes once the broker accepted it. */
    CompletionStage<Conversations.Line> say(String chat, String text) {
        Conversations.Line line = conversations.add(chat, "me", text);
        InboundMessage in = InboundMessage.builder(ref(), chat + "-" + line.seq(), Sender.of(OPERATOR, "Operator", null),
                Chat.direct(chat)).text(text).sentAt(line.at()).build();
        return gateway.inbound(in).thenApply(v -> line);
    }

    Conversations conversations() {
        return conversations;
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        Conversations.Line line = conversations.add(message.recipient(), "agent", message.text());
        return CompletableFuture.completedFuture(DeliveryReceipt.sent(message, message.recipient() + "-" + line.seq(),
                Instant.now()));
    }

    @Override
    public ChannelHealth health() {
        return ChannelHealth.of(ChannelState.CONNECTED, conversations.size() + " chats", Instant.now());
    }
}

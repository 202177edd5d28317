package dev.nexo.channel.webchat.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebChatChannelTest {
    final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();
    final ChannelGateway gateway = new ChannelGateway() {
        @Override
        public CompletionStage<Void> inbound(InboundMessage message) {
            inbound.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
            return CompletableFuture.completedFuture(null);
        }
    };

    @Test
    void theOperatorsLinesGoInboundAndRepliesComeBackToTheSameChat() {
        WebChatChannel ch = new WebChatChannel(gateway);
        ch.say("tab1", "hello").toCompletableFuture().join();
        assertEquals("hello", inbound.get(0).text());
        assertEquals("tab1", inbound.get(0).chat().id());
        assertEquals("operator", inbound.get(0).sender().id());
        assertEquals(ChannelRef.of("webchat", "console"), inbound.get(0).channel());
        ch.send(OutboundMessage.text(ChannelRef.of("webchat", "console"), "tab1", "hi there")).toCompletableFuture().join();
        List<Conversations.Line> lines = ch.conversations().after("tab1", 0);
        assertEquals(List.of("me", "agent"), lines.stream().map(Conversations.Line::from).toList());
        assertEquals(List.of("hi there"), ch.conversations().after("tab1", 1).stream().map(Conversations.Line::text).toList());
    }

    @Test
    void conversationsAreBounded() {
        Conversations c = new Conversations(2, 3);
        for (int i = 0; i < 5; i++) {
            c.add("a", "me", "m" + i);
        }
        assertEquals(3, c.after("a", 0).size());
        assertEquals(5, c.after("a", 0).get(2).seq());
        c.add("b", "me", "x");
        c.add("c", "me", "y");
        assertEquals(2, c.size());
        assertTrue(c.after("a", 0).isEmpty(), "least recently used chat dropped");
    }
}

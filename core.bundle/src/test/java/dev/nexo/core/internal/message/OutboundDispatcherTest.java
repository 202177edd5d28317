package dev.nexo.core.internal.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.channel.Channel;
import dev.nexo.core.internal.agent.TestBroker;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.event.Event;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.DeliveryStatus;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.Sender;
import dev.nexo.api.message.Chat;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OutboundDispatcherTest {
    private static final ChannelRef REF = ChannelRef.of("telegram", "bot");
    private final TestBroker broker = new TestBroker();
    private final MessageJson json = new MessageJson();

    static final class TestChannel implements Channel {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        final Set<ChannelFeature> features;
        final boolean fail;

        TestChannel(Set<ChannelFeature> features, boolean fail) {
            this.features = features;
            this.fail = fail;
        }

        @Override
        public String kind() {
            return "telegram";
        }

        @Override
        public String instance() {
            return "bot";
        }

        @Override
        public Set<ChannelFeature> features() {
            return features;
        }

        @Override
        public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
            sent.add(message);
            return fail
                    ? CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.RECIPIENT_INVALID, "chat not found"))
                    : CompletableFuture.completedFuture(DeliveryReceipt.sent(message, "m" + sent.size(), Instant.now()));
        }

        @Override
        public ChannelHealth health() {
            return null;
        }
    }

    private void publishOutbound(OutboundMessage m) {
        broker.publish(Event.of(REF.outboundTopic(), "agent.ana", json.outbound(m)));
    }

    private List<DeliveryReceipt> receipts() {
        return broker.published.stream().filter(e -> e.topic().equals(REF.deliveryTopic()))
                .map(e -> json.receipt(e.payload())).toList();
    }

    @Test
    void sendsOnceAndPublishesTheReceipt() {
        OutboundDispatcher d = new OutboundDispatcher(broker);
        TestChannel ch = new TestChannel(Set.of(), false);
        d.addChannel(ch);
        assertEquals("nexo_outbound", broker.subscriptions().get(0).options().queueGroup().orElseThrow());
        publishOutbound(OutboundMessage.builder(REF, "123").text("hi").correlationId("c-9").build());
        assertEquals(1, ch.sent.size());
        assertEquals("hi", ch.sent.get(0).text());
        DeliveryReceipt r = receipts().get(0);
        assertEquals(DeliveryStatus.SENT, r.status());
        assertEquals("c-9", r.correlationId().orElseThrow());
    }

    @Test
    void refusesMediaTheChannelCannotSendAndReportsSendFailures() {
        OutboundDispatcher d = new OutboundDispatcher(broker);
        TestChannel ch = new TestChannel(Set.of(), true);
        d.addChannel(ch);
        publishOutbound(OutboundMessage.builder(REF, "123")
                .attachment(Attachment.builder(MediaKind.PHOTO).url("https://example.org/a.png").build()).build());
        assertEquals(0, ch.sent.size(), "never handed to the channel");
        publishOutbound(OutboundMessage.text(REF, "123", "hi"));
        List<DeliveryReceipt> rs = receipts();
        assertTrue(rs.get(0).failureReason().orElseThrow().startsWith("unsupported_feature"), rs.get(0).toString());
        assertTrue(rs.get(1).failureReason().orElseThrow().contains("chat not found"), rs.get(1).toString());
    }

    @Test
    void malformedOrMisroutedPayloadsThrowSoTheBrokerDeadLettersThem() {
        OutboundDispatcher d = new OutboundDispatcher(broker);
        TestChannel ch = new TestChannel(Set.of(), false);
        d.addChannel(ch);
        assertThrows(IllegalArgumentException.class,
                () -> d.dispatch(ch, Event.of(REF.outboundTopic(), "agent.ana", "{\"nope\":true}")));
        String other = json.outbound(OutboundMessage.text(ChannelRef.of("telegram", "other"), "1", "x"));
        assertThrows(IllegalArgumentException.class, () -> d.dispatch(ch, Event.of(REF.outboundTopic(), "agent.ana", other)));
        assertEquals(0, ch.sent.size());
    }

    @Test
    void removingAChannelOrDeactivatingClosesItsSubscription() {
        OutboundDispatcher d = new OutboundDispatcher(broker);
        TestChannel ch = new TestChannel(Set.of(), false);
        d.addChannel(ch);
        d.removeChannel(ch);
        assertEquals(0, broker.subscriptionCount());
        d.addChannel(ch);
        d.deactivate();
        assertEquals(0, broker.subscriptionCount());
    }

    @Test
    void gatewayPublishesInboundOnTheInstanceTopic() {
        ChannelGatewayImpl g = new ChannelGatewayImpl(broker);
        InboundMessage m = InboundMessage.builder(REF, "7", Sender.of("5"), Chat.direct("5")).text("hola").build();
        g.inbound(m).toCompletableFuture().join();
        Event e = broker.published.get(0);
        assertEquals("plugin.inbound.telegram.bot", e.topic());
        assertEquals("channel.telegram.bot", e.source());
        assertTrue(e.correlationId().isPresent());
        assertEquals(m, json.inbound(e.payload()));
        assertThrows(IllegalArgumentException.class, () -> g.inbound(InboundMessage.builder(ChannelRef.of("telegram"),
                "7", Sender.of("5"), Chat.direct("5")).text("x").build()));
    }
}

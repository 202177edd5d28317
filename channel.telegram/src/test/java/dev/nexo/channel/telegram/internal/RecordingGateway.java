package dev.nexo.channel.telegram.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;

/** A {@link ChannelGateway} that records what it accepts and can refuse the next few calls. */
final class RecordingGateway implements ChannelGateway {
    private final List<InboundMessage> inbound = new ArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger();

    void refuseNext(int n) {
        refuse.set(n);
    }

    synchronized List<InboundMessage> inbound() {
        return List.copyOf(inbound);
    }

    @Override
    public CompletionStage<Void> inbound(InboundMessage message) {
        if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker unavailable"));
        }
        synchronized (this) {
            inbound.add(message);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
        return CompletableFuture.completedFuture(null);
    }
}

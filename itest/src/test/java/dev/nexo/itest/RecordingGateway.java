package dev.nexo.itest;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import dev.nexo.api.channel.gateway.ChannelGateway;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;

/**
 * Stands in for the core's gateway in the channel tests: records every inbound message. Registered
 * ranked above the core's own gateway, so a channel bundle hands its messages here.
 */
public final class RecordingGateway implements ChannelGateway {
    private final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();

    /** @return the registration (ranking 1000); unregister it when done */
    public ServiceRegistration<ChannelGateway> register(BundleContext context) {
        Hashtable<String, Object> ranking = new Hashtable<>();
        ranking.put(Constants.SERVICE_RANKING, 1000);
        return context.registerService(ChannelGateway.class, this, ranking);
    }

    @Override
    public CompletionStage<Void> inbound(InboundMessage message) {
        inbound.add(message);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delivery(DeliveryReceipt receipt) {
        return CompletableFuture.completedFuture(null);
    }

    /** @return every message received, oldest first */
    public List<InboundMessage> all() {
        return List.copyOf(inbound);
    }

    /** @return the messages received from channel instance {@code instance}, oldest first */
    public List<InboundMessage> of(String instance) {
        return inbound.stream().filter(m -> m.channel().instance().orElse("").equals(instance)).collect(Collectors.toList());
    }

    /** @return the texts of {@link #of(String)} */
    public List<String> texts(String instance) {
        return of(instance).stream().map(InboundMessage::text).collect(Collectors.toList());
    }
}

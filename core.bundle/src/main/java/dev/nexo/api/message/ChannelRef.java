package dev.nexo.api.message;

import dev.nexo.api.event.Topics;
import java.util.Objects;
import java.util.Optional;

/**
 * Names one channel: its kind ({@code telegram}) and, for multi-account kinds, its instance
 * ({@code sales_bot}). Without an instance it is the bare, single-account channel of that kind.
 */
public final class ChannelRef {
    private final String kind;
    private final String instance;

    private ChannelRef(String kind, String instance) {
        this.kind = Topics.requireToken(kind, "channel kind");
        this.instance = instance == null ? null : Topics.requireToken(instance, "channel instance");
    }

    /** @return the bare channel of a kind */
    public static ChannelRef of(String kind) {
        return new ChannelRef(kind, null);
    }

    /**
     * @param kind channel kind, a topic token
     * @param instance instance name, a topic token, or null for the bare channel
     * @return the channel reference
     */
    public static ChannelRef of(String kind, String instance) {
        return new ChannelRef(kind, instance);
    }

    /** @return the kind, e.g. {@code telegram} */
    public String kind() {
        return kind;
    }

    /** @return the instance, absent for the bare channel */
    public Optional<String> instance() {
        return Optional.ofNullable(instance);
    }

    /** @return {@code plugin.inbound.<kind>[.<instance>]} */
    public String inboundTopic() {
        return Topics.inbound(kind, instance);
    }

    /** @return {@code plugin.outbound.<kind>[.<instance>]} */
    public String outboundTopic() {
        return Topics.outbound(kind, instance);
    }

    /** @return {@code plugin.delivery.<kind>[.<instance>]} */
    public String deliveryTopic() {
        return Topics.delivery(kind, instance);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelRef && kind.equals(((ChannelRef) o).kind)
                && Objects.equals(instance, ((ChannelRef) o).instance);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, instance);
    }

    /** @return {@code kind} or {@code kind:instance}, the binding-id form */
    @Override
    public String toString() {
        return instance == null ? kind : kind + ':' + instance;
    }
}

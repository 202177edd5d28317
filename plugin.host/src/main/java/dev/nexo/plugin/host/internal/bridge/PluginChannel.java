package dev.nexo.plugin.host.internal.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexo.api.channel.Channel;
import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.ChannelFeature;
import dev.nexo.api.channel.ChannelHealth;
import dev.nexo.api.channel.ChannelState;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.plugin.host.internal.rpc.RpcChannel;
import dev.nexo.plugin.host.internal.rpc.RpcException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A channel kind a plugin contributes ({@code [plugin.extends] channels}), as an ordinary
 * {@link Channel} service: the core's outbound dispatcher calls {@link #send}, which becomes
 * {@code channel.send_outbound}; channel error codes −33001…−33005 map to {@link ChannelErrorCode}s.
 */
final class PluginChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String pluginId;
    private final String kind;
    private final String instance;
    private final RpcChannel rpc;
    private final Duration timeout;
    private volatile ChannelHealth health = ChannelHealth.of(ChannelState.CONNECTED, "plugin", Instant.now());

    PluginChannel(String pluginId, String kind, String instance, RpcChannel rpc, Duration timeout) {
        this.pluginId = pluginId;
        this.kind = kind;
        this.instance = instance;
        this.rpc = rpc;
        this.timeout = timeout;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String instance() {
        return instance;
    }

    @Override
    public Set<ChannelFeature> features() {
        return Set.of();
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
        ObjectNode params = JSON.createObjectNode().put("kind", kind);
        ObjectNode msg = params.putObject("msg").put("kind", "text").put("to", message.recipient())
                .put("body", message.text());
        message.replyToMessageId().ifPresent(r -> msg.put("reply_to", r));
        return rpc.request("channel.send_outbound", params, timeout).handle((r, e) -> {
            if (e != null) {
                throw error(e);
            }
            health = ChannelHealth.of(ChannelState.CONNECTED, "plugin " + pluginId, Instant.now());
            String id = r.path("message_id").asText("");
            return DeliveryReceipt.sent(message, id.isEmpty() ? "unknown" : id, Instant.now());
        });
    }

    @Override
    public ChannelHealth health() {
        return health;
    }

    void stopped() {
        health = ChannelHealth.of(ChannelState.STOPPED, "plugin " + pluginId + " stopped", Instant.now());
    }

    private ChannelException error(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (!(c instanceof RpcException r)) {
            return new ChannelException(ChannelErrorCode.FAILED, String.valueOf(c.getMessage()), null, c);
        }
        ChannelErrorCode code = switch (r.code()) {
            case -33001, RpcException.PLUGIN_GONE, RpcException.TIMEOUT -> ChannelErrorCode.CONNECTION_FAILED;
            case -33002 -> ChannelErrorCode.AUTHENTICATION_FAILED;
            case -33003 -> ChannelErrorCode.RECIPIENT_INVALID;
            case -33004 -> ChannelErrorCode.RATE_LIMITED;
            case -33005, RpcException.METHOD_NOT_FOUND -> ChannelErrorCode.UNSUPPORTED_FEATURE;
            default -> ChannelErrorCode.FAILED;
        };
        JsonNode data = r.data();
        Duration retryAfter = data != null && data.has("retry_after_secs")
                ? Duration.ofSeconds(data.path("retry_after_secs").asLong()) : null;
        return new ChannelException(code, "plugin " + pluginId + ": " + r.getMessage(), retryAfter, null);
    }
}

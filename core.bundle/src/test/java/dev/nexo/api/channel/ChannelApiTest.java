package dev.nexo.api.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.OutboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChannelApiTest {

    /** A minimal channel, as an extension author would write it. */
    static final class EchoChannel implements Channel {
        @Override
        public String kind() {
            return "echo";
        }

        @Override
        public String instance() {
            return DEFAULT_INSTANCE;
        }

        @Override
        public Set<ChannelFeature> features() {
            return Set.of();
        }

        @Override
        public CompletionStage<DeliveryReceipt> send(OutboundMessage message) {
            return CompletableFuture.completedFuture(DeliveryReceipt.sent(message, "1", Instant.EPOCH));
        }

        @Override
        public ChannelHealth health() {
            return ChannelHealth.of(ChannelState.CONNECTED, null, Instant.EPOCH);
        }
    }

    @Test
    void refDerivesTopics() {
        Channel c = new EchoChannel();
        assertEquals("plugin.inbound.echo.default", c.ref().inboundTopic());
        assertEquals("", c.health().detail());
        assertTrue(c.health().state().canSend());
        assertFalse(ChannelState.RECONNECTING.canSend());
    }

    @Test
    void errorCodesMapToThePluginContract() {
        assertEquals(ChannelErrorCode.RATE_LIMITED, ChannelErrorCode.fromRpcCode(-33004));
        assertEquals(ChannelErrorCode.UNSUPPORTED_FEATURE, ChannelErrorCode.fromRpcCode(-32601));
        assertEquals(ChannelErrorCode.FAILED, ChannelErrorCode.fromRpcCode(-1));
        assertTrue(ChannelErrorCode.RATE_LIMITED.isRetryable());
        assertFalse(ChannelErrorCode.RECIPIENT_INVALID.isRetryable());
        for (ChannelErrorCode c : ChannelErrorCode.values()) {
            assertEquals(c, ChannelErrorCode.fromRpcCode(c.rpcCode()));
        }
    }

    @Test
    void exceptionCarriesCodeAndRetryAfter() {
        ChannelException e = new ChannelException(ChannelErrorCode.RATE_LIMITED, "slow down", Duration.ofSeconds(30), null);
        assertEquals(ChannelErrorCode.RATE_LIMITED, e.code());
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        assertTrue(e.getMessage().startsWith("rate_limited"));
        assertTrue(new ChannelException(ChannelErrorCode.FAILED, "x").retryAfter().isEmpty());
    }

    @Test
    void healthNeedsStateAndTime() {
        assertThrows(NullPointerException.class, () -> ChannelHealth.of(null, "", Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> ChannelHealth.of(ChannelState.STARTING, "", null));
    }
}

package dev.nexo.api.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubscriptionOptionsTest {

    @Test
    void defaultsMatchTheLocalBroker() {
        SubscriptionOptions d = SubscriptionOptions.DEFAULTS;
        assertEquals(256, d.capacity());
        assertEquals(OverflowPolicy.DROP, d.overflow());
        assertTrue(d.queueGroup().isEmpty());
    }

    @Test
    void blockNeedsAPositiveTimeout() {
        SubscriptionOptions o = SubscriptionOptions.builder().queueGroup("agents").capacity(64)
                .blockOnOverflow(Duration.ofMillis(200)).build();
        assertEquals(OverflowPolicy.BLOCK, o.overflow());
        assertEquals(Duration.ofMillis(200), o.blockTimeout());
        assertEquals(Optional.of("agents"), o.queueGroup());
        assertThrows(IllegalArgumentException.class, () -> SubscriptionOptions.builder().blockOnOverflow(Duration.ZERO));
        assertThrows(NullPointerException.class, () -> SubscriptionOptions.builder().blockOnOverflow(null));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionOptions.builder().capacity(0));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionOptions.builder().queueGroup("a.b").build());
        assertEquals(o, SubscriptionOptions.builder().queueGroup("agents").capacity(64)
                .blockOnOverflow(Duration.ofMillis(200)).build());
    }
}

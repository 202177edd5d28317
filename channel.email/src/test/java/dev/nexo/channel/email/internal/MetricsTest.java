package dev.nexo.channel.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void countersCarryInstanceAndOutcomeAndNothingHappensWithoutARegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics m = new Metrics("ops", () -> registry);
        m.inbound("published");
        m.inbound("published");
        m.outbound("dead_lettered");
        m.bounce("permanent");
        m.gauge(() -> 1);
        assertEquals(2.0, registry.get("nexo.email.inbound").tag("instance", "ops").tag("outcome", "published").counter().count());
        assertEquals(1.0, registry.get("nexo.email.outbound").tag("status", "dead_lettered").counter().count());
        assertEquals(1.0, registry.get("nexo.email.bounces").tag("classification", "permanent").counter().count());
        assertEquals(1.0, registry.get("nexo.email.connected").gauge().value());
        m.close();
        assertEquals(null, registry.find("nexo.email.connected").gauge(), "gauge removed with the mailbox");
        Metrics.none("ops").inbound("published"); // no registry: no failure
    }
}

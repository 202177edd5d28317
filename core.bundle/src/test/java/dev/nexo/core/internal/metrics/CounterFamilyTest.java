package dev.nexo.core.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class CounterFamilyTest {
    private final CounterFamily family = new CounterFamily("nexo.test.events", "test events", "agent", "reason");

    @Test
    void countsWithoutARegistryAndExportsWhatWasCountedOnceOneIsBound() {
        family.increment("ana", "error");
        family.increment("ana", "error");
        family.increment("bob", "timeout");
        assertEquals(3, family.sum());
        assertEquals(2, family.get("ana", "error"));
        assertEquals(1, family.sumWhere("reason", "timeout"));

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        family.bind(registry);
        assertEquals(2, registry.get("nexo.test.events").tags("agent", "ana", "reason", "error").functionCounter().count());

        family.increment("cleo", "error"); // a series that appears after the bind is exported too
        assertEquals(1, registry.get("nexo.test.events").tags("agent", "cleo").functionCounter().count());
    }

    @Test
    void declaredSeriesShowAsZeroAndUnbindRemovesEverySeries() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        family.bind(registry);
        family.declare("ana", "timeout");
        assertEquals(0, registry.get("nexo.test.events").tags("reason", "timeout").functionCounter().count());

        family.unbind();
        assertNull(registry.find("nexo.test.events").functionCounter());
        family.increment("ana", "timeout");
        assertNull(registry.find("nexo.test.events").functionCounter(), "no export after unbind");
        assertEquals(1, family.get("ana", "timeout"), "counting goes on");
    }

    @Test
    void thePrometheusNameEndsInTotalWithTheTags() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        family.bind(registry);
        family.increment("ana", "error");
        String scrape = registry.scrape();
        assertTrue(scrape.contains("nexo_test_events_total{agent=\"ana\",reason=\"error\"} 1.0"), scrape);
        registry.close();
    }

    @Test
    void tooManyTagCombinationsFoldIntoOneOverflowSeries() {
        for (int i = 0; i < CounterFamily.MAX_SERIES + 20; i++) {
            family.increment("agent-" + i, "error");
        }
        assertEquals(CounterFamily.MAX_SERIES + 20, family.sum());
        assertEquals(20, family.get(CounterFamily.OVERFLOW, CounterFamily.OVERFLOW));
    }

    @Test
    void theWrongNumberOfTagValuesIsABug() {
        assertThrows(IllegalArgumentException.class, () -> family.increment("ana"));
    }
}

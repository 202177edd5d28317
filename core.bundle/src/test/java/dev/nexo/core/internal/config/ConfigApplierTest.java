package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigApplierTest {
    final InMemoryTarget target = new InMemoryTarget();
    final ConfigApplier applier = new ConfigApplier(target);

    private static Map<String, DesiredConfig> desired(DesiredConfig... configs) {
        Map<String, DesiredConfig> out = new LinkedHashMap<>();
        for (DesiredConfig c : configs) {
            out.put(c.pid(), c);
        }
        return out;
    }

    private static DesiredConfig agent(String id, Object queueCap) {
        return DesiredConfig.factory("dev.nexo.agent", id, Map.of("id", id, "config.queue_cap", queueCap,
                "plugins", new String[] {"telegram"}, PidMapper.MANAGED, true, PidMapper.SOURCE, "agents.yaml"));
    }

    @Test
    void writesOnlyWhatChangedAndDeletesWhatDisappeared() throws Exception {
        applier.apply(desired(agent("ana", 32L), agent("bob", 32L)));
        assertEquals(List.of("dev.nexo.agent~ana", "dev.nexo.agent~bob"), target.writes);

        target.writes.clear();
        ConfigApplier.Report same = applier.apply(desired(agent("ana", 32L), agent("bob", 32L)));
        assertEquals(List.of(), target.writes, "equal properties (arrays compared by content) are not rewritten");
        assertEquals(2, same.unchanged());

        ConfigApplier.Report changed = applier.apply(desired(agent("ana", 64L)));
        assertEquals(List.of("dev.nexo.agent~ana"), changed.updated());
        assertEquals(List.of("dev.nexo.agent~bob"), changed.deleted());
        assertEquals(64L, target.configs.get("dev.nexo.agent~ana").get("config.queue_cap"));
    }

    @Test
    void configurationsNotOwnedByTheLoaderAreLeftAlone() throws Exception {
        target.configs.put("org.apache.felix.http", Map.of("org.osgi.service.http.port", 8080));

        applier.apply(desired());

        assertTrue(target.configs.containsKey("org.apache.felix.http"));
        assertEquals(List.of(), target.deletes);
    }
}

package dev.nexo.core.internal.config;

import static dev.nexo.core.internal.config.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReloaderTest {
    @TempDir
    Path dir;
    final InMemoryTarget target = new InMemoryTarget();

    private ConfigReloader reloader(String... env) {
        return new ConfigReloader(dir, new ConfigParser(Fixtures.env(env)), target,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void invalidEditKeepsThePreviousConfigAndReportsTheError() {
        write(dir, "agents.yaml", ConfigParserTest.agent("ana"));
        ConfigReloader reloader = reloader();
        ConfigStatus first = reloader.reload();
        assertTrue(first.ok(), first.errors().toString());
        Map<String, Map<String, Object>> applied = copy(target.configs);
        target.writes.clear();

        write(dir, "agents.yaml", "agents:\n  - id: ana\n    modl: { provider: openai, model: x }\n");
        ConfigStatus status = reloader.reload();

        assertFalse(status.ok());
        assertEquals(List.of(), target.writes);
        assertEquals(List.of(), target.deletes);
        assertEquals(applied.keySet(), target.configs.keySet());
        assertEquals("agents.yaml:3:5", status.errors().get(0).location().toString());
        assertEquals(1, status.generation(), "generation stays at the applied one");
        assertEquals(first.view(), status.view(), "the view still shows what is applied");
        assertNotNull(status.appliedAt());
    }

    @Test
    void removedAgentLosesItsFactoryConfiguration() throws Exception {
        write(dir, "agents.yaml", ConfigParserTest.agent("ana"));
        write(dir, "agents.d/bob.yaml", ConfigParserTest.agent("bob"));
        ConfigReloader reloader = reloader();
        reloader.reload();
        assertTrue(target.configs.containsKey("dev.nexo.agent~bob"));

        Files.delete(dir.resolve("agents.d/bob.yaml"));
        ConfigStatus status = reloader.reload();

        assertTrue(status.ok());
        assertEquals(List.of("dev.nexo.agent~bob"), target.deletes);
        assertTrue(target.configs.containsKey("dev.nexo.agent~ana"));
        assertEquals(2, status.generation());
    }

    @Test
    void debounceComesFromTheAppliedRuntimeYaml() {
        ConfigReloader reloader = reloader();
        assertEquals(500, reloader.debounceMillis());

        write(dir, "runtime.yaml", "reload:\n  debounce_ms: 50\n  enabled: false\n");
        reloader.reload();

        assertEquals(50, reloader.debounceMillis());
        assertFalse(reloader.watchEnabled());
    }

    private static Map<String, Map<String, Object>> copy(Map<String, Map<String, Object>> m) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, new HashMap<>(v)));
        return out;
    }
}

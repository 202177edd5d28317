package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCommandTest {
    @Test
    void printsStatusProblemsAndTheMaskedViewButNoSecret(@TempDir Path dir) {
        Fixtures.copy("full", dir);
        ConfigReloader reloader = new ConfigReloader(dir, new ConfigParser(Fixtures.env()), new InMemoryTarget(),
                Clock.systemUTC());
        ConfigService service = new ConfigService() {
            @Override
            public ConfigStatus status() {
                return reloader.status();
            }

            @Override
            public ConfigStatus reload() {
                return reloader.reload();
            }
        };
        ConfigCommand command = new ConfigCommand(service);

        String text = command.config("reload");

        assertTrue(text.contains("status:     ok"), text);
        assertTrue(text.contains("\"ana\""), text);
        assertFalse(text.contains("sk-test-openai") || text.contains("telegram-token"), text);
        ConfigStatusDto dto = new ConfigResource(service).get();
        assertTrue(dto.ok);
        assertTrue(dto.errors.isEmpty());
        assertFalse(dto.config.toString().contains("sk-test-openai"));
    }
}

package dev.nexo.core.internal.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nexo.core.internal.config.SecretReferences;

/** The run-time secrets service resolves like the config files and never echoes a value in errors. */
class SecretResolverServiceTest {
    @TempDir
    Path config;

    private SecretResolverService service(Map<String, String> env) {
        return new SecretResolverService(new SecretReferences(config, env::get));
    }

    @Test
    void resolvesEnvironmentFileAndDefaultReferences() throws Exception {
        Files.writeString(config.resolve("bot.token"), "file-secret-1\n");
        SecretResolverService s = service(Map.of("BOT_KEY", "env-secret-2"));
        assertEquals("env-secret-2", s.resolve("${BOT_KEY}"));
        assertEquals("file-secret-1", s.resolve("${file:bot.token}").strip());
        assertEquals("fallback", s.resolve("${UNSET_VAR:-fallback}"));
        assertEquals("plain text", s.resolve("plain text"));
    }

    @Test
    void refusesPathsOutsideTheConfigDirWithoutLeakingValues() {
        SecretResolverService s = service(Map.of("OTHER", "do-not-show"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.resolve("${file:../outside}"));
        assertFalse(e.getMessage().contains("do-not-show"));
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class, () -> s.resolve("${MISSING_VAR}"));
        assertTrue(unset.getMessage().contains("MISSING_VAR"), unset.getMessage());
    }
}

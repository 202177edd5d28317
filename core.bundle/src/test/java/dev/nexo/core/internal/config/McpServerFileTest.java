package dev.nexo.core.internal.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mcp_server.yaml becomes PID dev.nexo.mcp.server only when the file exists; unknown keys are errors. */
class McpServerFileTest {
    @TempDir
    Path dir;

    @Test
    void theFileMapsFlatOntoThePid() throws IOException {
        Files.writeString(dir.resolve("mcp_server.yaml"), "mcp_server:\n  enabled: true\n  allowlist: [memory_recall, \"notes_*\"]\n"
                + "  expose_proxies: false\n  call_timeout_secs: 5\n");
        LoadResult result = Fixtures.load(dir);
        assertTrue(result.ok(), result.errors().toString());
        Map<String, Object> p = PidMapper.map(result.config()).get("dev.nexo.mcp.server").properties();
        assertEquals(Boolean.TRUE, p.get("enabled"));
        assertArrayEquals(new String[] {"memory_recall", "notes_*"}, (String[]) p.get("allowlist"));
        assertEquals(5L, p.get("call_timeout_secs"));
        assertEquals("mcp_server.yaml", p.get(PidMapper.SOURCE));
    }

    @Test
    void noFileNoConfigurationAndUnknownKeysAreRejected() throws IOException {
        LoadResult empty = Fixtures.load(dir);
        assertFalse(PidMapper.map(empty.config()).containsKey("dev.nexo.mcp.server"));
        Files.writeString(dir.resolve("mcp_server.yaml"), "mcp_server:\n  enabld: true\n");
        assertFalse(Fixtures.load(dir).ok());
    }
}

package dev.nexo.core.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** /mcp authenticates agents itself (agent tokens only); nothing else under it skips the key. */
class AdminGuardMcpPathTest {
    @Test
    void onlyTheExactMcpPathSkipsTheConnectionKey() {
        assertTrue(AdminGuardFilter.isAgentSurface("/mcp"));
        assertFalse(AdminGuardFilter.isAgentSurface("/mcp/../admin/api/status"));
        assertFalse(AdminGuardFilter.isAgentSurface("/mcpx"));
        assertFalse(AdminGuardFilter.isAgentSurface("/admin/mcp"));
    }
}

package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The start-up checks: an unsafe configuration is refused before anything is served. */
class McpServerComponentTest {
    /** The configuration with defaults, except auth and the anonymous agent. */
    private static McpServerConfig config(boolean requireAuth, String anonymous) {
        return new McpServerConfig() {
            @Override public Class<? extends Annotation> annotationType() { return McpServerConfig.class; }
            @Override public boolean enabled() { return true; }
            @Override public String name() { return "nexo"; }
            @Override public String[] allowlist() { return new String[0]; }
            @Override public String[] agent_tools() { return new String[0]; }
            @Override public boolean expose_proxies() { return false; }
            @Override public boolean expose_memory() { return true; }
            @Override public boolean expose_messaging() { return false; }
            @Override public boolean require_auth() { return requireAuth; }
            @Override public String anonymous_agent() { return anonymous; }
            @Override public double rate_limit_rps() { return 100; }
            @Override public int rate_limit_burst() { return 200; }
            @Override public int max_in_flight() { return 10; }
            @Override public int queue_wait_ms() { return 5000; }
            @Override public int call_timeout_secs() { return 30; }
            @Override public int approval_wait_secs() { return 0; }
            @Override public int session_idle_timeout_secs() { return 300; }
            @Override public int max_sessions() { return 1000; }
            @Override public int body_max_bytes() { return 1 << 20; }
        };
    }

    @Test
    void withoutAuthOnlyALoopbackBindMayStart() {
        assertEquals(List.of(), McpServerComponent.validate(config(false, "local"), "127.0.0.1"));
        assertEquals(List.of(), McpServerComponent.validate(config(false, "local"), "::1"));
        assertEquals(List.of(), McpServerComponent.validate(config(false, "local"), "localhost"));
        assertFalse(McpServerComponent.validate(config(false, "local"), "0.0.0.0").isEmpty());
        assertFalse(McpServerComponent.validate(config(false, "local"), null).isEmpty(), "unset host = every interface");
        assertFalse(McpServerComponent.validate(config(false, "local"), "192.168.1.4").isEmpty());
        assertFalse(McpServerComponent.validate(config(false, "local"), "evil.example").isEmpty(), "names are not resolved");
        assertTrue(McpServerComponent.validate(config(false, "local"), "10.0.0.1").get(0).contains("loopback"));
    }

    @Test
    void withAgentTokensAnyBindMayStartAndAnonymousNeedsAnAgentId() {
        assertEquals(List.of(), McpServerComponent.validate(config(true, ""), "0.0.0.0"));
        assertFalse(McpServerComponent.validate(config(false, ""), "127.0.0.1").isEmpty());
    }
}

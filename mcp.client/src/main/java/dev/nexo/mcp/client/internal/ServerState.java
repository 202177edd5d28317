package dev.nexo.mcp.client.internal;

import java.util.Locale;

/** Lifecycle of one configured MCP server, as the admin API shows it. */
enum ServerState {
    /** Spawning / connecting and listing tools. */
    STARTING,
    /** Connected; its tools are offered. */
    READY,
    /** Stopped after being unused for the idle period; tools stay offered, the next call restarts it. */
    IDLE,
    /** Down after a crash or failed start; tools withdrawn; a restart is scheduled with backoff. */
    RESTARTING,
    /** Its configuration is invalid or disabled; nothing runs. */
    FAILED,
    /** Its configuration was removed or the bundle stopped. */
    STOPPED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

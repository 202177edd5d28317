package dev.nexo.plugin.host.internal.runtime;

import java.util.Locale;

/** Where a plugin is in its life, as the admin API and Gogo show it. */
public enum PluginState {
    /** Being spawned or in its initialize handshake. */
    STARTING,
    /** Handshake done, bridges attached. */
    RUNNING,
    /** Exited unexpectedly; without respawn it stays here until an operator restarts it. */
    CRASHED,
    /** Waiting for its backoff before the next spawn. */
    RESPAWNING,
    /** Too many crashes within the window; stays down until an operator restarts it. */
    GAVE_UP,
    /** Could not be loaded: broken manifest, failed handshake or contract breach (one diagnostic, no retry loop). */
    FAILED,
    /** A requirement (binary, environment variable, sandbox) is missing; skipped with a warning. */
    SKIPPED,
    /** Being shut down. */
    STOPPING,
    /** Shut down on purpose. */
    STOPPED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

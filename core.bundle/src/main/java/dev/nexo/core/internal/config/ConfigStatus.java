package dev.nexo.core.internal.config;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of the last load and what is currently applied.
 *
 * @param ok whether the last load was accepted and applied
 * @param configDir the config dir, or null for zero-config
 * @param loadedAt when the last load was attempted (null before the first)
 * @param appliedAt when a config was last applied (null if never)
 * @param generation how many loads have been applied since start
 * @param errors why the last load was rejected (empty when ok)
 * @param warnings warnings of the last load
 * @param lastApply what the last successful apply changed
 * @param view the masked effective config that is currently applied
 */
public record ConfigStatus(boolean ok, String configDir, Instant loadedAt, Instant appliedAt, long generation,
        List<ConfigProblem> errors, List<ConfigProblem> warnings, String lastApply, Map<String, Object> view) {

    static ConfigStatus initial(String configDir) {
        return new ConfigStatus(false, configDir, null, null, 0, List.of(), List.of(), "", Map.of());
    }
}

package dev.nexo.core.internal.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reconciles the desired configurations with those the loader owns: writes only what changed (so
 * DS components are not restarted needlessly) and deletes owned configurations that the YAML no
 * longer declares. Configurations without {@code nexo.managed=true} are never touched.
 */
final class ConfigApplier {
    /** Properties ConfigAdmin adds itself; they are not part of the comparison. */
    private static final Set<String> CM_PROPERTIES = Set.of("service.pid", "service.factoryPid",
            "service.bundleLocation");

    private final ConfigTarget target;

    ConfigApplier(ConfigTarget target) {
        this.target = target;
    }

    /** What one apply did, by PID. */
    record Report(List<String> created, List<String> updated, List<String> deleted, int unchanged) {
        String summary() {
            return "created=" + created.size() + " updated=" + updated.size() + " deleted=" + deleted.size()
                    + " unchanged=" + unchanged;
        }
    }

    Report apply(Map<String, DesiredConfig> desired) throws IOException {
        Map<String, Map<String, Object>> current = target.listManaged();
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        int unchanged = 0;
        for (DesiredConfig config : desired.values()) {
            Map<String, Object> existing = current.get(config.pid());
            if (existing != null && same(existing, config.properties())) {
                unchanged++;
                continue;
            }
            target.write(config);
            (existing == null ? created : updated).add(config.pid());
        }
        List<String> deleted = new ArrayList<>();
        for (String pid : current.keySet()) {
            if (!desired.containsKey(pid)) {
                target.delete(pid);
                deleted.add(pid);
            }
        }
        return new Report(created, updated, deleted, unchanged);
    }

    static boolean same(Map<String, Object> current, Map<String, Object> desired) {
        long size = current.keySet().stream().filter(k -> !CM_PROPERTIES.contains(k)).count();
        if (size != desired.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : desired.entrySet()) {
            if (!Objects.deepEquals(current.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }
}

package dev.nexo.core.internal.config;

import java.util.Map;

/**
 * One ConfigAdmin configuration the YAML asks for.
 *
 * @param pid the PID: {@code factoryPid~name} for factory configurations
 * @param factoryPid the factory PID, or null for a singleton
 * @param name the factory configuration name, or null for a singleton
 * @param properties the full property set, including {@code nexo.managed} and {@code nexo.config.source}
 */
public record DesiredConfig(String pid, String factoryPid, String name, Map<String, Object> properties) {
    static DesiredConfig singleton(String pid, Map<String, Object> properties) {
        return new DesiredConfig(pid, null, null, properties);
    }

    static DesiredConfig factory(String factoryPid, String name, Map<String, Object> properties) {
        return new DesiredConfig(factoryPid + "~" + name, factoryPid, name, properties);
    }
}

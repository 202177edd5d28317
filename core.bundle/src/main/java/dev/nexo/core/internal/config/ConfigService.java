package dev.nexo.core.internal.config;

/** The configuration loader as seen by the admin surfaces (Gogo, REST). Internal to the core. */
public interface ConfigService {
    /** @return the last load status and the masked view of the applied configuration */
    ConfigStatus status();

    /** Reloads the config dir now (validate, then apply) and returns the new status. */
    ConfigStatus reload();
}

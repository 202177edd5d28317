package dev.nexo.core.internal.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load-validate-apply cycle. Everything is read and validated before anything is written; a
 * rejected load leaves the applied configurations and the published view as they were.
 * Framework-free: the target is an interface, so tests run it with an in-memory fake.
 */
final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("nexo.audit");
    static final long DEFAULT_DEBOUNCE_MS = 500;

    private final Path dir;
    private final ConfigParser parser;
    private final ConfigApplier applier;
    private final Clock clock;
    private volatile ConfigStatus status;
    private volatile EffectiveConfig applied;

    ConfigReloader(Path dir, ConfigParser parser, ConfigTarget target, Clock clock) {
        this.dir = dir;
        this.parser = parser;
        this.applier = new ConfigApplier(target);
        this.clock = clock;
        this.status = ConfigStatus.initial(dir == null ? null : dir.toString());
    }

    ConfigStatus status() {
        return status;
    }

    synchronized ConfigStatus reload() {
        Instant now = clock.instant();
        LoadResult result = parser.load(dir);
        result.warnings().forEach(w -> LOG.warn("config warning {}", w.format()));
        if (!result.ok()) {
            LOG.warn("config rejected ({} errors); keeping the previously applied config", result.errors().size());
            AUDIT.info("config.apply dir={} outcome=rejected errors={}", dir, result.errors().size());
            result.errors().forEach(e -> LOG.warn("config error {}", e.format()));
            return status = rejected(now, result.errors(), result.warnings());
        }
        ConfigApplier.Report report;
        try {
            report = applier.apply(PidMapper.map(result.config()));
        } catch (IOException | RuntimeException e) {
            LOG.error("applying the config to ConfigAdmin failed", e);
            ConfigProblem problem = ConfigProblem.error(Location.ofFile(String.valueOf(dir)), "",
                    "applying to ConfigAdmin failed: " + e.getClass().getSimpleName());
            return status = rejected(now, List.of(problem), result.warnings());
        }
        applied = result.config();
        LOG.info("config applied from {}: {}", dir == null ? "defaults (no config dir)" : dir, report.summary());
        AUDIT.info("config.apply dir={} outcome=ok {}", dir, report.summary());
        ConfigStatus previous = status;
        return status = new ConfigStatus(true, previous.configDir(), now, now, previous.generation() + 1, List.of(),
                result.warnings(), report.summary(), Masker.view(result.config()));
    }

    private ConfigStatus rejected(Instant now, List<ConfigProblem> errors, List<ConfigProblem> warnings) {
        ConfigStatus previous = status;
        return new ConfigStatus(false, previous.configDir(), now, previous.appliedAt(), previous.generation(),
                errors, warnings, previous.lastApply(), previous.view());
    }

    /** runtime.yaml {@code reload.debounce_ms} of the applied config. */
    long debounceMillis() {
        Object value = reloadSection().get("debounce_ms");
        return value instanceof Long l && l >= 0 ? l : DEFAULT_DEBOUNCE_MS;
    }

    /** runtime.yaml {@code reload.enabled} of the applied config (true by default). */
    boolean watchEnabled() {
        return !Boolean.FALSE.equals(Secret.unwrap(reloadSection().get("enabled")));
    }

    private Map<String, Object> reloadSection() {
        EffectiveConfig config = applied;
        return config == null ? Map.of() : config.section(FileKind.RUNTIME, "reload");
    }
}

package dev.nexo.core.internal.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of reading a config dir.
 *
 * @param dir the config dir (absolute), or null for zero-config
 * @param config the effective config; meaningful only when {@link #ok()}
 * @param errors problems that reject the config
 * @param warnings problems that do not
 */
public record LoadResult(Path dir, EffectiveConfig config, List<ConfigProblem> errors, List<ConfigProblem> warnings) {

    static LoadResult of(Path dir, EffectiveConfig config, List<ConfigProblem> problems) {
        List<ConfigProblem> errors = problems.stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
        List<ConfigProblem> warnings = problems.stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.WARNING).toList();
        return new LoadResult(dir, config, errors, warnings);
    }

    public boolean ok() {
        return errors.isEmpty();
    }
}

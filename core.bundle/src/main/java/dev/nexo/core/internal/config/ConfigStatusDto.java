package dev.nexo.core.internal.config;

import java.util.List;
import java.util.Map;

/** JSON shape of {@code GET /admin/api/config}. */
public class ConfigStatusDto {
    public boolean ok;
    public String configDir;
    public String loadedAt;
    public String appliedAt;
    public long generation;
    public String lastApply;
    public List<ProblemDto> errors;
    public List<ProblemDto> warnings;
    /** The applied configuration, secrets masked. */
    public Map<String, Object> config;

    /** One error or warning. */
    public static class ProblemDto {
        public String severity;
        public String file;
        public int line;
        public int column;
        public String field;
        public String message;
    }

    static ConfigStatusDto from(ConfigStatus s) {
        ConfigStatusDto dto = new ConfigStatusDto();
        dto.ok = s.ok();
        dto.configDir = s.configDir();
        dto.loadedAt = s.loadedAt() == null ? null : s.loadedAt().toString();
        dto.appliedAt = s.appliedAt() == null ? null : s.appliedAt().toString();
        dto.generation = s.generation();
        dto.lastApply = s.lastApply();
        dto.errors = s.errors().stream().map(ConfigStatusDto::problem).toList();
        dto.warnings = s.warnings().stream().map(ConfigStatusDto::problem).toList();
        dto.config = s.view();
        return dto;
    }

    private static ProblemDto problem(ConfigProblem p) {
        ProblemDto dto = new ProblemDto();
        dto.severity = p.severity().name().toLowerCase(java.util.Locale.ROOT);
        dto.file = p.location().file();
        dto.line = p.location().line();
        dto.column = p.location().column();
        dto.field = p.field();
        dto.message = p.message();
        return dto;
    }
}

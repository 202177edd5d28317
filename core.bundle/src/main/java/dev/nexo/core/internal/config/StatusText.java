package dev.nexo.core.internal.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Plain-text rendering of a {@link ConfigStatus} for the console. */
final class StatusText {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusText() {
    }

    static String render(ConfigStatus s) {
        StringBuilder out = new StringBuilder();
        out.append("config dir: ").append(s.configDir() == null ? "(none — defaults)" : s.configDir()).append('\n');
        out.append("status:     ").append(s.ok() ? "ok" : s.loadedAt() == null ? "not loaded" : "rejected").append('\n');
        out.append("loaded at:  ").append(s.loadedAt()).append('\n');
        out.append("applied at: ").append(s.appliedAt()).append(" (generation ").append(s.generation())
                .append(s.lastApply().isEmpty() ? "" : ", " + s.lastApply()).append(")\n");
        s.errors().forEach(e -> out.append("error   ").append(e.format()).append('\n'));
        s.warnings().forEach(w -> out.append("warning ").append(w.format()).append('\n'));
        out.append("effective config (masked):\n");
        try {
            out.append(JSON.writeValueAsString(s.view()));
        } catch (JsonProcessingException e) {
            out.append("(cannot render: ").append(e.getOriginalMessage()).append(')');
        }
        return out.append('\n').toString();
    }
}

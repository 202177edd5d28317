package dev.nexo.auth.internal;

import java.nio.file.Path;
import java.util.function.Function;

/** The state root, resolved as the core does: framework property, then {@code NEXO_HOME}, then {@code ~/.nexo}. */
final class StateDir {
    static final String PROPERTY = "nexo.state.root";

    private StateDir() {
    }

    static Path root(Function<String, String> props) {
        String p = props.apply(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("NEXO_HOME");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".nexo").toAbsolutePath().normalize();
        }
        return Path.of(p.trim()).toAbsolutePath().normalize();
    }
}

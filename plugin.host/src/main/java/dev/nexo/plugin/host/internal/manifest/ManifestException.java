package dev.nexo.plugin.host.internal.manifest;

import java.nio.file.Path;
import java.util.List;

/** A manifest that cannot be loaded, with every problem found in it (not just the first). */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final List<String> problems;

    public ManifestException(Path file, List<String> problems) {
        super(file + ": " + String.join("; ", problems), null, false, false);
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    public Path file() {
        return file;
    }

    public List<String> problems() {
        return problems;
    }
}

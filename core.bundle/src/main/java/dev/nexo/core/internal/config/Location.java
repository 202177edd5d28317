package dev.nexo.core.internal.config;

/**
 * Where something is in the config dir: a file relative to the dir and a 1-based line and column
 * (0 when the problem concerns the file as a whole).
 */
public record Location(String file, int line, int column) {
    static Location ofFile(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

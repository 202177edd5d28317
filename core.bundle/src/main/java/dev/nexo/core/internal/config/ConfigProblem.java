package dev.nexo.core.internal.config;

/**
 * One validation finding. Messages never contain a resolved placeholder value: they name the
 * variable, the file reference or the field instead.
 *
 * @param severity error (the config is rejected) or warning (it loads)
 * @param location file, line and column
 * @param field dotted path of the offending field, e.g. {@code agents[0].modl}; empty for the file
 * @param message what is wrong and, where possible, how to fix it
 */
public record ConfigProblem(Severity severity, Location location, String field, String message) {
    public enum Severity { ERROR, WARNING }

    static ConfigProblem error(Location at, String field, String message) {
        return new ConfigProblem(Severity.ERROR, at, field, message);
    }

    static ConfigProblem warning(Location at, String field, String message) {
        return new ConfigProblem(Severity.WARNING, at, field, message);
    }

    /** {@code file:line:column: message}, the form check-config and the logs print. */
    public String format() {
        return location + ": " + message;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(java.util.Locale.ROOT) + " " + format();
    }
}

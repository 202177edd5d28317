package dev.nexo.core.internal.config;

/**
 * A value that came from a placeholder ({@code ${VAR}}, {@code ${file:…}}). It travels through the
 * effective config wrapped so that logging or printing it can never show the value; only the
 * ConfigAdmin mapping unwraps it.
 */
record Secret(Object value) {
    static final String MASK = "********";

    @Override
    public String toString() {
        return MASK;
    }

    static Object unwrap(Object o) {
        return o instanceof Secret s ? s.value() : o;
    }
}

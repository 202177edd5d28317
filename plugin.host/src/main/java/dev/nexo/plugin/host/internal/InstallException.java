package dev.nexo.plugin.host.internal;

import java.util.List;

/** A refused plugin install, with a stable code for the admin API and every problem found. */
public final class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final List<String> problems;

    InstallException(String code, String message, List<String> problems) {
        super(message, null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    InstallException(String code, String message) {
        this(code, message, List.of());
    }

    /** @return e.g. {@code checksum_mismatch}, {@code unsafe_archive}, {@code invalid_plugin}, {@code payload_too_large} */
    public String code() {
        return code;
    }

    public List<String> problems() {
        return problems;
    }
}

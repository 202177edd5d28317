package dev.nexo.cli;

/** A failed admin command, carrying the exit code and an operator-readable message. */
final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    AdminException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}

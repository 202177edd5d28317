package dev.nexo.cli;

/**
 * The CLI's exit codes, stable for scripts (documented in {@code docs/cli.md}).
 */
final class ExitCodes {
    /** Done. */
    static final int OK = 0;
    /** The container refused or failed the request (a 4xx/5xx other than those below). */
    static final int FAILED = 1;
    /** check-config found warnings only. */
    static final int WARNINGS = 2;
    /** No container answers at the admin URL. */
    static final int UNREACHABLE = 3;
    /** The connection key is missing or was refused (401/403). */
    static final int UNAUTHORIZED = 4;
    /** What the command names does not exist (404), e.g. an unknown bundle. */
    static final int NOT_FOUND = 5;
    /** The command line itself is wrong (sysexits EX_USAGE). */
    static final int USAGE = 64;

    private ExitCodes() {
    }

    static int forStatus(int status) {
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        return status == 404 ? NOT_FOUND : FAILED;
    }
}

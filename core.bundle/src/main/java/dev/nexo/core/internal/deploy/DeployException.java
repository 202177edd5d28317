package dev.nexo.core.internal.deploy;

/** A deployment refused or failed, with a stable error code for the admin API. */
public class DeployException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int status;

    public DeployException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public DeployException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    /** @return the machine-readable error code, e.g. {@code invalid_bundle} */
    public String code() {
        return code;
    }

    /** @return the HTTP status that fits the error */
    public int status() {
        return status;
    }
}

package dev.nexo.api.memory;

import java.util.Objects;

/** A failed memory operation, delivered by completing the stage exceptionally. */
public class MemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final MemoryErrorCode code;

    /**
     * @param code what went wrong
     * @param message operator-readable message
     * @param cause underlying failure, or null
     */
    public MemoryException(MemoryErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(code, "code").wireName() + ": " + message, cause);
        this.code = code;
    }

    /** @return the error code */
    public MemoryErrorCode code() {
        return code;
    }
}

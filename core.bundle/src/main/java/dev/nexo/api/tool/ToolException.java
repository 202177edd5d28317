package dev.nexo.api.tool;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** A tool call that did not produce a result, delivered by completing the stage exceptionally. */
public class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ToolErrorCode code;
    private final String approvalId;
    private final transient Duration retryAfter;

    /**
     * @param code what went wrong
     * @param message message for logs and, where safe, the model
     */
    public ToolException(ToolErrorCode code, String message) {
        this(code, message, null, null, null);
    }

    /**
     * @param code what went wrong
     * @param message message for logs and, where safe, the model
     * @param approvalId the pending approval, for {@link ToolErrorCode#PENDING_APPROVAL}; else null
     * @param retryAfter suggested wait, for {@link ToolErrorCode#UNAVAILABLE}; else null
     * @param cause underlying failure, or null
     */
    public ToolException(ToolErrorCode code, String message, String approvalId, Duration retryAfter, Throwable cause) {
        super(Objects.requireNonNull(code, "code").wireName() + ": " + message, cause);
        if (code == ToolErrorCode.PENDING_APPROVAL && approvalId == null) {
            throw new IllegalArgumentException("pending_approval needs the approval id");
        }
        this.code = code;
        this.approvalId = approvalId;
        this.retryAfter = retryAfter;
    }

    /** @return the error code */
    public ToolErrorCode code() {
        return code;
    }

    /** @return the pending approval's id, for {@link ToolErrorCode#PENDING_APPROVAL} */
    public Optional<String> approvalId() {
        return Optional.ofNullable(approvalId);
    }

    /** @return suggested wait before retrying, when known */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

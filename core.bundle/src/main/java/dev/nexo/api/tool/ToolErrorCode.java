package dev.nexo.api.tool;

import java.util.Locale;

/** Why a tool call did not produce a result. Wire names are snake_case, e.g. {@code not_allowed}. */
public enum ToolErrorCode {
    /** No such tool. */
    NOT_FOUND(-33401),
    /** The binding does not allow this tool (it was hidden, but the model called it anyway). */
    NOT_ALLOWED(-33405),
    /** Arguments do not match the input schema. */
    INVALID_ARGUMENTS(-33402),
    /** A human must approve the call first; {@link ToolException#approvalId()} names the request. */
    PENDING_APPROVAL(-33405),
    /** The trust policy or a human refused the call. */
    DENIED(-33405),
    /** The call did not finish before its deadline. */
    TIMEOUT(-33404),
    /** The tool's backend is temporarily unavailable; see {@link ToolException#retryAfter()}. */
    UNAVAILABLE(-33404),
    /** The tool itself failed. */
    FAILED(-33403);

    private final int rpcCode;

    ToolErrorCode(int rpcCode) {
        this.rpcCode = rpcCode;
    }

    /** @return the snake_case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the nearest plugin-contract {@code tool.invoke} JSON-RPC error code */
    public int rpcCode() {
        return rpcCode;
    }
}

package dev.nexo.mcp.client.internal.rpc;

/** A JSON-RPC exchange with an MCP server that did not produce a result. */
public final class McpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** No answer within the timeout; the request was cancelled. */
        TIMEOUT,
        /** The connection is closed or ended while waiting. */
        CLOSED,
        /** The server answered with a JSON-RPC error. */
        REMOTE,
        /** The message could not be delivered (HTTP error, write failure). */
        TRANSPORT
    }

    private final Kind kind;
    private final int code;

    /**
     * @param kind what went wrong
     * @param code the server's JSON-RPC error code, for {@link Kind#REMOTE}; else 0
     * @param message a message naming the server and the method
     * @param cause underlying failure, or null
     */
    public McpException(Kind kind, int code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the JSON-RPC error code for {@link Kind#REMOTE} */
    public int code() {
        return code;
    }
}

package dev.nexo.mcp.server.internal;

import java.util.Map;

/**
 * A JSON-RPC error the server answers with; {@code data} may be null. Codes follow the nexo-rs
 * book's MCP server pages: -32099 rate limited, -32002 over the concurrency cap, -32001 timed out
 * (and unauthorized), -32600 a bad frame; Nexo's tool errors keep their {@code tool.invoke} codes.
 */
final class RpcError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL = -32603;
    static final int UNAUTHORIZED = -32001;
    static final int TIMEOUT = -32001;
    static final int OVERLOADED = -32002;
    static final int RATE_LIMITED = -32099;

    private final int code;
    private final transient Map<String, Object> data;

    RpcError(int code, String message, Map<String, Object> data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    RpcError(int code, String message) {
        this(code, message, null);
    }

    int code() {
        return code;
    }

    Map<String, Object> data() {
        return data;
    }
}

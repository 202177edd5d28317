package dev.nexo.plugin.host.internal.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/** A JSON-RPC error: from the peer's error object, or raised by the host (timeouts, closed pipe). */
public final class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Parse error. */
    public static final int PARSE_ERROR = -32700;
    /** Invalid request. */
    public static final int INVALID_REQUEST = -32600;
    /** Method not found. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid params. */
    public static final int INVALID_PARAMS = -32602;
    /** Internal error. */
    public static final int INTERNAL_ERROR = -32603;
    /** Host-side: the call timed out. */
    public static final int TIMEOUT = -32001;
    /** Host-side: the plugin went away (stopped, crashed, restarted) before answering. */
    public static final int PLUGIN_GONE = -32002;

    private final int code;
    private final transient JsonNode data;

    public RpcException(int code, String message, JsonNode data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    /** @return the error's {@code data} member, or null */
    public JsonNode data() {
        return data;
    }

    @Override
    public String toString() {
        return "rpc error " + code + ": " + getMessage();
    }
}

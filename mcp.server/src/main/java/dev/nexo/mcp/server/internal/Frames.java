package dev.nexo.mcp.server.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one JSON-RPC frame, refusing what the MCP server pages refuse before any tree is built:
 * nesting deeper than {@value #MAX_DEPTH} (a streaming pre-pass, so a hostile body cannot make us
 * allocate a deep tree), batch arrays (MCP 2025-11-25 dropped them), anything but an object with
 * {@code "jsonrpc":"2.0"} and a string {@code method} of at most {@value #MAX_METHOD} characters.
 */
final class Frames {
    static final int MAX_DEPTH = 64;
    static final int MAX_METHOD = 64 * 1024;
    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private Frames() {
    }

    /**
     * @return the request object
     * @throws RpcError -32700 for malformed JSON, -32600 for a bad frame
     */
    static ObjectNode parse(byte[] body) {
        checkDepth(body);
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new RpcError(RpcError.PARSE_ERROR, "parse error");
        }
        if (node == null || node.isMissingNode()) {
            throw new RpcError(RpcError.INVALID_REQUEST, "empty request");
        }
        if (node.isArray()) {
            throw new RpcError(RpcError.INVALID_REQUEST, "batch requests are not supported");
        }
        if (!node.isObject()) {
            throw new RpcError(RpcError.INVALID_REQUEST, "a request must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        if (!"2.0".equals(o.path("jsonrpc").asText(null)) || !o.path("method").isTextual()) {
            if (o.has("result") || o.has("error")) {
                return o; // a response from the client (to a server request we never send): accepted and ignored
            }
            throw new RpcError(RpcError.INVALID_REQUEST, "a request needs \"jsonrpc\":\"2.0\" and a string \"method\"");
        }
        if (o.path("method").asText().length() > MAX_METHOD) {
            throw new RpcError(RpcError.INVALID_REQUEST, "method name too long");
        }
        JsonNode id = o.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber())) {
            throw new RpcError(RpcError.INVALID_REQUEST, "id must be a string or an integer");
        }
        return o;
    }

    /** Streams the tokens once, counting depth, so depth is checked before allocation. */
    static void checkDepth(byte[] body) {
        try (JsonParser p = FACTORY.createParser(body)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        throw new RpcError(RpcError.INVALID_REQUEST, "JSON nested deeper than " + MAX_DEPTH);
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
        } catch (JsonParseException e) {
            throw new RpcError(RpcError.PARSE_ERROR, "parse error");
        } catch (IOException e) {
            throw new RpcError(RpcError.PARSE_ERROR, "parse error");
        }
    }

    /** @return {@code {"jsonrpc":"2.0","id":id,"result":result}} */
    static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.set("id", id);
        o.set("result", result);
        return o;
    }

    /** @return {@code {"jsonrpc":"2.0","id":id,"error":{code,message,data?}}}; id null when unknown */
    static ObjectNode error(JsonNode id, RpcError e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.set("id", id == null ? JSON.nullNode() : id);
        ObjectNode err = o.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        if (e.data() != null) {
            err.set("data", JSON.valueToTree(e.data()));
        }
        return o;
    }
}

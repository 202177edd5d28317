package dev.nexo.mcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class FramesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nested(int depth) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void aBatchArrayIsRefusedAsAnInvalidRequest() {
        RpcError e = assertThrows(RpcError.class, () -> Frames.parse(b("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")));
        assertEquals(-32600, e.code());
    }

    @Test
    void nestingDeeperThan64IsRefusedBeforeParsingAndDepth64IsAccepted() {
        assertEquals("ping", Frames.parse(b(nested(64))).path("method").asText());
        RpcError e = assertThrows(RpcError.class, () -> Frames.parse(b(nested(65))));
        assertEquals(-32600, e.code());
        assertEquals("JSON nested deeper than 64", e.getMessage());
    }

    @Test
    void malformedJsonIsAParseError() {
        assertEquals(-32700, assertThrows(RpcError.class, () -> Frames.parse(b("{\"jsonrpc\":"))).code());
    }

    @Test
    void aFrameWithoutJsonrpcOrMethodIsInvalid() {
        assertEquals(-32600, assertThrows(RpcError.class, () -> Frames.parse(b("{\"id\":1,\"method\":\"ping\"}"))).code());
        assertEquals(-32600, assertThrows(RpcError.class, () -> Frames.parse(b("{\"jsonrpc\":\"2.0\",\"id\":1}"))).code());
        assertEquals(-32600, assertThrows(RpcError.class, () -> Frames.parse(b("\"ping\""))).code());
        assertEquals(-32600, assertThrows(RpcError.class,
                () -> Frames.parse(b("{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"ping\"}"))).code());
    }
}

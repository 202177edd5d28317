package dev.nexo.plugin.host.internal.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The channel against real child processes that misbehave. */
class RpcChannelTest {
    private final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    private Process child;
    private RpcChannel rpc;

    @AfterEach
    void stop() {
        if (rpc != null) {
            rpc.close("test over");
        }
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private RpcChannel channel(String... command) throws Exception {
        child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        rpc = new RpcChannel("t", child.getInputStream(), child.getOutputStream(), new RpcHandler() {
            @Override
            public CompletionStage<JsonNode> onRequest(String method, JsonNode params) {
                return CompletableFuture.completedFuture(JsonNodeFactory.instance.objectNode().put("echo", method));
            }

            @Override
            public void onNotification(String method, JsonNode params) {
            }

            @Override
            public void onProtocolError(String reason) {
                protocolErrors.add(reason);
            }

            @Override
            public void onClosed() {
            }
        }, 64, 1 << 20);
        rpc.start();
        return rpc;
    }

    @Test
    void aChildThatNeverReadsCannotBlockTheSender() throws Exception {
        RpcChannel c = channel("sleep", "60");
        String big = "x".repeat(2000);
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (c.notify("broker.event", JsonNodeFactory.instance.objectNode().put("pad", big))) {
                accepted++;
            }
        }
        assertTrue(accepted < 10_000, "some events must be dropped, not queued without bound");
        assertTrue(c.droppedCount() >= 10_000 - accepted - 1, "drops are counted: " + c.droppedCount());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> c.request("tool.invoke", null, Duration.ofSeconds(5)).get());
        assertTrue(e.getCause().getMessage().contains("not reading its input"), e.getCause().getMessage());
    }

    @Test
    void requestsTimeOutAndInFlightCallsFailWhenTheChildGoes() throws Exception {
        RpcChannel c = channel("sh", "-c", "read line; sleep 60");
        ExecutionException timeout = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> c.request("initialize", null, Duration.ofMillis(200)).get());
        assertEquals(RpcException.TIMEOUT, ((RpcException) timeout.getCause()).code());
        CompletableFuture<JsonNode> pending = c.request("tool.invoke", null, Duration.ofSeconds(30));
        c.close("plugin crashed; retry");
        ExecutionException gone = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, pending::get);
        assertEquals(RpcException.PLUGIN_GONE, ((RpcException) gone.getCause()).code());
        assertEquals(0, c.pendingCount());
    }

    @Test
    void repliesToChildRequestsAndReportsNonJson() throws Exception {
        RpcChannel c = channel("sh", "-c",
                "echo '{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"memory.recall\",\"params\":{}}'; read reply; "
                        + "echo \"$reply\" | grep -q '\"echo\":\"memory.recall\"' && echo 'ok not json'; sleep 5");
        long deadline = System.currentTimeMillis() + 10_000;
        while (protocolErrors.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, protocolErrors.size(), "the reply reached the child, then its non-JSON line was reported");
        assertTrue(protocolErrors.get(0).contains("ok not json"));
    }
}

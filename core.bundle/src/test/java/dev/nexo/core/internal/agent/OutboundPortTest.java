package dev.nexo.core.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The send tools' AgentOutbound: delegates to the attached runtime, unavailable without one. */
class OutboundPortTest {
    private final OutboundPort port = new OutboundPort();

    private static ToolErrorCode failure(OutboundPort port) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> port.send(null, null).toCompletableFuture().get());
        return assertInstanceOf(ToolException.class, e.getCause()).code();
    }

    @Test
    void withoutARuntimeSendsFailAsUnavailable() {
        assertEquals(ToolErrorCode.UNAVAILABLE, failure(port));
    }

    @Test
    void sendsGoToTheAttachedRuntimeUntilItDetaches() throws Exception {
        DeliveryReceipt receipt = null;
        CompletableFuture<DeliveryReceipt> answer = CompletableFuture.completedFuture(receipt);
        AgentOutbound runtime = (context, message) -> answer;
        port.attach(runtime);
        assertSame(answer, port.send(null, null));
        port.detach((context, message) -> answer); // another runtime's detach leaves this one attached
        assertSame(answer, port.send(null, null));
        port.detach(runtime);
        assertEquals(ToolErrorCode.UNAVAILABLE, failure(port));
    }
}

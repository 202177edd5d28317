package dev.nexo.channel.whatsapp.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

class SendToolsTest {
    /** Records what the tools hand to the core and answers SENT. */
    static final class FakeOutbound implements AgentOutbound {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<DeliveryReceipt> send(ToolContext context, OutboundMessage message) {
            sent.add(message);
            return CompletableFuture.completedFuture(DeliveryReceipt.sent(message, "wamid.T", Instant.EPOCH));
        }
    }

    final FakeOutbound outbound = new FakeOutbound();
    final ToolContext ctx = ToolContext.builder("t1", "ana", "corr-9")
            .binding(BindingContext.of("ana", "whatsapp", "personal")).build();

    @Test
    void sendMessageUsesTheBindingsPinnedAccount() throws Exception {
        ToolResult r = wired(new SendMessageTool()).invoke("{\"to\":\"573000000000\",\"text\":\"hola\"}", ctx)
                .toCompletableFuture().get();
        assertEquals("{\"status\":\"sent\",\"msg_id\":\"wamid.T\"}", r.content());
        OutboundMessage m = outbound.sent.get(0);
        assertEquals(ChannelRef.of("whatsapp", "personal"), m.channel());
        assertEquals("573000000000", m.recipient());
        assertEquals("hola", m.text());
        assertEquals("corr-9", m.correlationId().orElseThrow());
    }

    @Test
    void replyReactionAndMediaCarryTheirFields() throws Exception {
        wired(new SendReplyTool()).invoke("{\"chat\":\"5730\",\"reply_to_msg_id\":\"wamid.1\",\"text\":\"ok\"}", ctx)
                .toCompletableFuture().get();
        wired(new SendReactionTool()).invoke("{\"chat\":\"5730\",\"msg_id\":\"wamid.2\",\"emoji\":\"\uD83D\uDC4D\"}", ctx)
                .toCompletableFuture().get();
        wired(new SendMediaTool()).invoke("{\"to\":\"5730\",\"file_path\":\"media/a.png\",\"caption\":\"pic\",\"mime\":\"image/png\"}", ctx)
                .toCompletableFuture().get();
        assertEquals("wamid.1", outbound.sent.get(0).replyToMessageId().orElseThrow());
        assertEquals("\uD83D\uDC4D", outbound.sent.get(1).extra().get("whatsapp.reaction"));
        assertEquals("wamid.2", outbound.sent.get(1).replyToMessageId().orElseThrow());
        assertEquals(MediaKind.PHOTO, outbound.sent.get(2).attachments().get(0).kind());
        assertEquals("media/a.png", outbound.sent.get(2).attachments().get(0).localPath().orElseThrow());
        assertEquals("pic", outbound.sent.get(2).text());
    }

    @Test
    void withoutTheAgentRuntimeToolsAreUnavailable() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> new SendMessageTool()
                .invoke("{\"to\":\"1\",\"text\":\"x\"}", ctx).toCompletableFuture().get());
        assertEquals(ToolErrorCode.UNAVAILABLE, assertInstanceOf(ToolException.class, e.getCause()).code());
    }

    @Test
    void missingArgumentsAreInvalid() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> wired(new SendMessageTool())
                .invoke("{\"to\":\"1\"}", ctx).toCompletableFuture().get());
        assertEquals(ToolErrorCode.INVALID_ARGUMENTS, assertInstanceOf(ToolException.class, e.getCause()).code());
        assertEquals(0, outbound.sent.size());
    }

    private <T extends SendTool> T wired(T tool) {
        tool.outbound = outbound;
        return tool;
    }
}

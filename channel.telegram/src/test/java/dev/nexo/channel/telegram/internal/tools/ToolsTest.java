package dev.nexo.channel.telegram.internal.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.nexo.api.channel.ChannelErrorCode;
import dev.nexo.api.channel.ChannelException;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;

/** The agent tools build the right message for the binding's bot and go through AgentOutbound only. */
class ToolsTest {
    private final List<OutboundMessage> sent = new ArrayList<>();
    private final AgentOutbound outbound = (ctx, m) -> {
        sent.add(m);
        if (m.recipient().equals("404")) {
            return CompletableFuture.failedFuture(new ChannelException(ChannelErrorCode.RECIPIENT_INVALID, "chat not found"));
        }
        if (m.recipient().equals("666")) {
            return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.NOT_ALLOWED, "not in outbound allowlist"));
        }
        return CompletableFuture.completedFuture(DeliveryReceipt.sent(m, "77", Instant.EPOCH));
    };
    private final ToolContext ctx = ToolContext.builder("t", "ana", "corr-1")
            .binding(BindingContext.of("ana", "telegram", "sales_bot")).build();

    private ToolResult call(TelegramTool tool, String args) {
        tool.bind(outbound);
        return tool.invoke(args, ctx).toCompletableFuture().join();
    }

    @Test
    void sendMessageTargetsTheBindingsBot() {
        ToolResult r = call(new SendMessageTool(), "{\"chat_id\":42,\"text\":\"**hi**\",\"format\":\"markdown\"}");
        assertEquals("{\"ok\":true,\"status\":\"sent\",\"message_id\":\"77\"}", r.content());
        OutboundMessage m = sent.get(0);
        assertEquals("telegram:sales_bot", m.channel().toString());
        assertEquals("42", m.recipient());
        assertEquals(TextFormat.MARKDOWN, m.format());
        assertEquals("corr-1", m.correlationId().orElseThrow());
    }

    @Test
    void everyToolBuildsItsAction() {
        call(new SendReplyTool(), "{\"chat_id\":\"42\",\"reply_to_message_id\":9,\"text\":\"yes\"}");
        assertEquals("9", sent.get(0).replyToMessageId().orElseThrow());
        call(new SendReactionTool(), "{\"chat_id\":42,\"message_id\":9,\"emoji\":\"👍\"}");
        assertEquals("reaction", sent.get(1).extra().get("telegram.action"));
        call(new EditMessageTool(), "{\"chat_id\":42,\"message_id\":9,\"text\":\"fixed\"}");
        assertEquals("edit", sent.get(2).extra().get("telegram.action"));
        call(new SendLocationTool(), "{\"chat_id\":42,\"latitude\":-34.6,\"longitude\":-58.4}");
        assertEquals("-58.4", sent.get(3).extra().get("telegram.longitude"));
        call(new SendMediaTool(), "{\"chat_id\":42,\"kind\":\"photo\",\"url\":\"https://x.y/a.jpg\",\"caption\":\"c\"}");
        assertEquals(MediaKind.PHOTO, sent.get(4).attachments().get(0).kind());
        assertEquals("c", sent.get(4).text());
    }

    @Test
    void refusalsAndFailuresReachTheModelTheRightWay() {
        assertTrue(call(new SendMessageTool(), "{\"chat_id\":404,\"text\":\"x\"}").isError(), "channel failure is a result");
        CompletionException denied = assertThrows(CompletionException.class,
                () -> call(new SendMessageTool(), "{\"chat_id\":666,\"text\":\"x\"}"));
        assertEquals(ToolErrorCode.NOT_ALLOWED, ((ToolException) denied.getCause()).code());
        CompletionException bad = assertThrows(CompletionException.class,
                () -> call(new SendMediaTool(), "{\"chat_id\":42,\"kind\":\"photo\",\"url\":\"https://a\",\"file_id\":\"F\"}"));
        assertEquals(ToolErrorCode.INVALID_ARGUMENTS, ((ToolException) bad.getCause()).code());
    }

    @Test
    void withoutTheAgentRuntimeOrATelegramBindingToolsRefuse() {
        SendMessageTool unwired = new SendMessageTool();
        CompletionException e = assertThrows(CompletionException.class,
                () -> unwired.invoke("{\"chat_id\":1,\"text\":\"x\"}", ctx).toCompletableFuture().join());
        assertEquals(ToolErrorCode.UNAVAILABLE, ((ToolException) e.getCause()).code());

        SendMessageTool tool = new SendMessageTool();
        tool.bind(outbound);
        ToolContext email = ToolContext.builder("t", "ana", "c").binding(BindingContext.of("ana", "email", "inbox")).build();
        CompletionException wrong = assertThrows(CompletionException.class,
                () -> tool.invoke("{\"chat_id\":1,\"text\":\"x\"}", email).toCompletableFuture().join());
        assertEquals(ToolErrorCode.NOT_ALLOWED, ((ToolException) wrong.getCause()).code());
        assertTrue(sent.isEmpty());
    }
}

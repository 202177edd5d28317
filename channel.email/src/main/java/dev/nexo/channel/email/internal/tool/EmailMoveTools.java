package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.channel.email.internal.Mailbox;
import java.util.concurrent.CompletionStage;

/** The shared body of {@code email_archive} and {@code email_move_to}. */
final class EmailMoveTools {
    private EmailMoveTools() {
    }

    static CompletionStage<ToolResult> move(java.util.List<dev.nexo.api.channel.Channel> channels, String arguments,
            ToolContext context, boolean archive) {
        return ToolSupport.guarded(() -> {
            JsonNode args = ToolSupport.args(arguments);
            String instance = ToolSupport.instance(args, context);
            String id = ToolSupport.text(args, "message_id", true).strip();
            String folder = archive ? null : ToolSupport.text(args, "folder", true);
            Mailbox mailbox = ToolSupport.require(channels, instance);
            String target = folder == null ? mailbox.settings().archiveFolder : folder;
            return mailbox.ops().move(id, folder).handle((v, e) -> e == null
                    ? ToolSupport.ok(ToolSupport.JSON.createObjectNode().put("message_id", id).put("folder", target))
                    : ToolSupport.failure(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        });
    }
}

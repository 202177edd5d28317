package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.channel.email.internal.Mailbox;
import java.util.concurrent.CompletionStage;

/** The shared body of {@code email_archive} (to the account's archive folder) and {@code email_move_to}. */
abstract class MoveTool extends MailboxTool {
    private final boolean archive;

    MoveTool(ToolDescriptor descriptor, boolean archive) {
        super(descriptor);
        this.archive = archive;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return ToolSupport.guarded(() -> {
            JsonNode args = ToolSupport.args(arguments);
            String instance = ToolSupport.instance(args, context);
            String id = ToolSupport.text(args, "message_id", true).strip();
            String folder = archive ? null : ToolSupport.text(args, "folder", true);
            Mailbox mailbox = ToolSupport.require(channels, instance);
            String target = folder == null ? mailbox.settings().archiveFolder : folder;
            return mailbox.ops().move(id, folder).handle((v, e) -> e == null
                    ? ToolSupport.ok(ToolSupport.JSON.createObjectNode().put("message_id", id).put("folder", target))
                    : ToolSupport.failure(e));
        });
    }
}

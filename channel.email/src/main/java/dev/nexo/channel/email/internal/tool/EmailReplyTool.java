package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.channel.email.internal.Mailbox;
import dev.nexo.channel.email.internal.imap.ThreadIndex;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code email_reply}: answers a message this mailbox received, to its sender, keeping the thread
 * ({@code In-Reply-To}, {@code References}, {@code Re:} subject).
 */
@Component(service = Tool.class, property = {Tool.NAME + "=" + EmailReplyTool.NAME, Tool.CHANNEL + "=email"})
public final class EmailReplyTool extends MailboxTool {
    static final String NAME = "email_reply";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Reply to an email this mailbox received, keeping the thread. message_id is the Message-ID of the mail "
                    + "being answered.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},"
                    + "\"message_id\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},"
                    + "\"html\":{\"type\":\"boolean\"},\"cc\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                    + "\"attachments\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}},"
                    + "\"required\":[\"message_id\",\"body\"]}",
            Sensitivity.WRITE);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentOutbound outbound;

    public EmailReplyTool() {
        super(DESCRIPTOR);
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return ToolSupport.guarded(() -> {
            JsonNode args = ToolSupport.args(arguments);
            String instance = ToolSupport.instance(args, context);
            String parentId = ToolSupport.text(args, "message_id", true).strip();
            Mailbox mailbox = ToolSupport.require(channels, instance);
            Optional<ThreadIndex.Entry> parent = mailbox.message(parentId);
            if (parent.isEmpty() || parent.get().from == null) {
                return CompletableFuture.completedFuture(ToolSupport.failure("unknown message " + parentId));
            }
            OutboundMessage.Builder b = OutboundMessage.builder(ToolSupport.ref(instance), parent.get().from)
                    .text(ToolSupport.text(args, "body", true)).replyTo(parentId).threadId(parent.get().root)
                    .format(args.path("html").asBoolean(false) ? TextFormat.HTML : TextFormat.PLAIN)
                    .correlationId(context.correlationId());
            EmailSendTool.cc(args, b);
            EmailSendTool.attachments(args, b);
            return ToolSupport.send(outbound, context, b.build());
        });
    }
}

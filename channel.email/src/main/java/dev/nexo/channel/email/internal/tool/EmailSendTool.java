package dev.nexo.channel.email.internal.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.message.Attachment;
import dev.nexo.api.message.MediaKind;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.message.TextFormat;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.channel.email.internal.smtp.Composer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code email_send}: a new message from the agent's mailbox (From is always the account's address). */
@Component(service = Tool.class, property = {Tool.NAME + "=" + EmailSendTool.NAME, Tool.CHANNEL + "=email"})
public final class EmailSendTool implements Tool {
    static final String NAME = "email_send";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME,
            "Send a new email from this agent's mailbox. The From address is fixed to the account.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},"
                    + "\"to\":{\"type\":\"string\",\"description\":\"recipient address\"},"
                    + "\"cc\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
                    + "\"subject\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},"
                    + "\"html\":{\"type\":\"boolean\",\"description\":\"body is HTML\"},"
                    + "\"attachments\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
                    + "{\"data_path\":{\"type\":\"string\"},\"filename\":{\"type\":\"string\"}},\"required\":[\"data_path\"]}}},"
                    + "\"required\":[\"to\",\"subject\",\"body\"]}",
            Sensitivity.WRITE);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentOutbound outbound;

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return ToolSupport.guarded(() -> {
            JsonNode args = ToolSupport.args(arguments);
            String instance = ToolSupport.instance(args, context);
            OutboundMessage.Builder b = OutboundMessage.builder(ToolSupport.ref(instance),
                    ToolSupport.text(args, "to", true))
                    .text(ToolSupport.text(args, "body", true))
                    .format(args.path("html").asBoolean(false) ? TextFormat.HTML : TextFormat.PLAIN)
                    .correlationId(context.correlationId())
                    .extra(Composer.SUBJECT, ToolSupport.text(args, "subject", true));
            cc(args, b);
            attachments(args, b);
            return ToolSupport.send(outbound, context, b.build());
        });
    }

    static void cc(JsonNode args, OutboundMessage.Builder b) {
        List<String> cc = new ArrayList<>();
        args.path("cc").forEach(n -> cc.add(n.asText()));
        if (!cc.isEmpty()) {
            b.extra(Composer.CC, String.join(",", cc));
        }
    }

    static void attachments(JsonNode args, OutboundMessage.Builder b) {
        for (JsonNode a : args.path("attachments")) {
            String path = a.path("data_path").asText("");
            if (path.isBlank()) {
                throw new ToolException(ToolErrorCode.INVALID_ARGUMENTS, "attachment data_path is required");
            }
            b.attachment(Attachment.builder(MediaKind.DOCUMENT).localPath(path)
                    .fileName(a.hasNonNull("filename") ? a.get("filename").asText() : null).build());
        }
    }
}

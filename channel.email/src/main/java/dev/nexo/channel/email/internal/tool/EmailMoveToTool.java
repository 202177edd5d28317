package dev.nexo.channel.email.internal.tool;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.channel.email.internal.Mailbox;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** {@code email_move_to}: Move an email (by Message-ID) from the inbox to an existing folder. */
@Component(service = Tool.class, property = Tool.NAME + "=" + EmailMoveToTool.NAME)
public final class EmailMoveToTool implements Tool {
    static final String NAME = "email_move_to";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME, "Move an email (by Message-ID) from the inbox to an existing folder.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},"
                    + "\"message_id\":{\"type\":\"string\"},\"folder\":{\"type\":\"string\"}},\"required\":[\"message_id\",\"folder\"]}",
            Sensitivity.WRITE);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + Channel.KIND + "=" + Mailbox.KIND + ")")
    volatile List<Channel> channels;

    @Override
    public ToolDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        return EmailMoveTools.move(channels, arguments, context, false);
    }
}

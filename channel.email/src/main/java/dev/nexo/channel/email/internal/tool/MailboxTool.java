package dev.nexo.channel.email.internal.tool;

import dev.nexo.api.channel.Channel;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.channel.email.internal.Mailbox;
import java.util.List;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Base of the email tools that act on a running mailbox: their descriptor and the dynamic list of
 * this bundle's mailboxes, a reference each tool's component inherits.
 */
abstract class MailboxTool implements Tool {
    private final ToolDescriptor descriptor;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(" + Channel.KIND + "=" + Mailbox.KIND + ")")
    volatile List<Channel> channels;

    MailboxTool(ToolDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    @Override
    public final ToolDescriptor descriptor() {
        return descriptor;
    }
}

package dev.nexo.channel.email.internal.tool;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;
import org.osgi.service.component.annotations.Component;

/** {@code email_move_to}: Move an email (by Message-ID) from the inbox to an existing folder. */
@Component(service = Tool.class, property = Tool.NAME + "=" + EmailMoveToTool.NAME)
public final class EmailMoveToTool extends MoveTool {
    static final String NAME = "email_move_to";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME, "Move an email (by Message-ID) from the inbox to an existing folder.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},"
                    + "\"message_id\":{\"type\":\"string\"},\"folder\":{\"type\":\"string\"}},\"required\":[\"message_id\",\"folder\"]}",
            Sensitivity.WRITE);

    public EmailMoveToTool() {
        super(DESCRIPTOR, false);
    }
}

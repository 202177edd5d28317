package dev.nexo.channel.email.internal.tool;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.trust.Sensitivity;
import org.osgi.service.component.annotations.Component;

/** {@code email_archive}: Move an email (by Message-ID) from the inbox to the account's archive folder. */
@Component(service = Tool.class, property = Tool.NAME + "=" + EmailArchiveTool.NAME)
public final class EmailArchiveTool extends MoveTool {
    static final String NAME = "email_archive";
    private static final ToolDescriptor DESCRIPTOR = new ToolDescriptor(NAME, "Move an email (by Message-ID) from the inbox to the account's archive folder.",
            "{\"type\":\"object\",\"properties\":{\"instance\":{\"type\":\"string\"},"
                    + "\"message_id\":{\"type\":\"string\"}},\"required\":[\"message_id\"]}",
            Sensitivity.WRITE);

    public EmailArchiveTool() {
        super(DESCRIPTOR, true);
    }
}

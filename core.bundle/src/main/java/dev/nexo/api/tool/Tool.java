package dev.nexo.api.tool;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A function agents may call, registered as a service with the {@link #NAME} property equal to
 * {@code descriptor().name()}. The core validates arguments against the schema and checks the
 * binding's allowlist and the trust policy before {@link #invoke} is reached; a tool only re-checks
 * what is specific to it (e.g. a path staying inside its folder).
 */
@ConsumerType
public interface Tool {
    /** Service property with the tool's name, so the registry can index tools without calling them. */
    String NAME = "nexo.tool.name";

    /**
     * Optional service property: the channel kind (e.g. {@code telegram}) a send tool sends
     * through with {@code AgentOutbound}. The agent runtime offers such a tool only to turns that
     * can send on that kind (bound to it, or holding {@code credentials} for it), since any other
     * turn's call would be refused; this keeps unusable schemas out of the prompt.
     */
    String CHANNEL = "nexo.tool.channel";

    /** @return the tool's descriptor; must not change while the service is registered */
    ToolDescriptor descriptor();

    /**
     * Runs the tool. Must not block the caller; honour {@link ToolContext#deadline()}.
     *
     * @param arguments the arguments object as JSON text (already schema-checked, without {@code _meta})
     * @param context who calls and why
     * @return the result, or failure with {@link ToolException}
     */
    CompletionStage<ToolResult> invoke(String arguments, ToolContext context);
}

package dev.nexo.itest.agentfixture;

import dev.nexo.api.broker.Broker;
import dev.nexo.api.event.Event;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The fixture's read tools; each call is announced on {@code fixture.tool.<name>}. */
abstract class FixtureTools implements Tool {
    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}";

    private final ToolDescriptor descriptor;
    private final String answer;
    private final Broker broker;

    FixtureTools(String name, String answer, Broker broker) {
        this.descriptor = new ToolDescriptor(name, "fixture tool " + name, SCHEMA, Sensitivity.READ);
        this.answer = answer;
        this.broker = broker;
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
        String meta = "{\"agent_id\":\"" + context.agentId() + "\",\"session_id\":\""
                + context.sessionId().orElse("") + "\",\"binding\":\""
                + context.binding().map(b -> b.bindingId()).orElse("") + "\"}";
        broker.publish(Event.of("fixture.tool." + descriptor.name(), "fixture", meta));
        return CompletableFuture.completedFuture(ToolResult.text(answer));
    }
}

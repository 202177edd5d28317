package dev.nexo.itest.trust;

import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;

/** A test tool registered as a {@link Tool} service, so the trust policy sees a capability {@code tool.<name>}. */
final class TestTool {
    private TestTool() {
    }

    /** @param answer what a call answers (as text), given its context */
    static ServiceRegistration<Tool> register(BundleContext context, String name, Sensitivity sensitivity,
            Function<ToolContext, String> answer) {
        ToolDescriptor d = new ToolDescriptor(name, "test tool " + name, "{\"type\":\"object\"}", sensitivity);
        Tool tool = new Tool() {
            @Override
            public ToolDescriptor descriptor() {
                return d;
            }

            @Override
            public CompletionStage<ToolResult> invoke(String arguments, ToolContext ctx) {
                return CompletableFuture.completedFuture(ToolResult.text(answer.apply(ctx)));
            }
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Tool.NAME, name);
        return context.registerService(Tool.class, tool, props);
    }
}

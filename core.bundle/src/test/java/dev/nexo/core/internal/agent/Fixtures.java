package dev.nexo.core.internal.agent;

import dev.nexo.api.event.Event;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.Chat;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.Sender;
import dev.nexo.api.tool.Tool;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolDescriptor;
import dev.nexo.api.tool.ToolResult;
import dev.nexo.api.trust.Sensitivity;
import dev.nexo.core.internal.message.MessageJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Builders shared by the agent tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Properties as the config loader writes them for {@code dev.nexo.agent~<id>}. */
    static Map<String, Object> agentProps(String id, String bindingsJson) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("model.provider", "stub");
        p.put("model.model", "stub-1");
        p.put("system_prompt", "You are " + id + ".");
        p.put("inbound_bindings", bindingsJson);
        return p;
    }

    static AgentInstance agent(Map<String, Object> props) {
        return new AgentInstance(props);
    }

    static InboundMessage message(String kind, String instance, String chat, String text) {
        return InboundMessage.builder(ChannelRef.of(kind, instance), "m-" + System.nanoTime(), Sender.of(chat),
                Chat.direct(chat)).text(text).receivedAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }

    static Event inboundEvent(InboundMessage m) {
        return Event.of(m.channel().inboundTopic(), "channel." + m.channel().kind(), new MessageJson().inbound(m));
    }

    /** A read tool that records its calls and answers with a fixed text. */
    static class EchoTool implements Tool {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<ToolContext> contexts = new CopyOnWriteArrayList<>();
        private final ToolDescriptor descriptor;
        private final String answer;

        EchoTool(String name, String answer) {
            this(name, answer, Sensitivity.READ);
        }

        EchoTool(String name, String answer, Sensitivity sensitivity) {
            this.descriptor = new ToolDescriptor(name, "test tool " + name,
                    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
                    sensitivity);
            this.answer = answer;
        }

        @Override
        public ToolDescriptor descriptor() {
            return descriptor;
        }

        @Override
        public CompletionStage<ToolResult> invoke(String arguments, ToolContext context) {
            calls.add(arguments);
            contexts.add(context);
            return CompletableFuture.completedFuture(ToolResult.text(answer));
        }
    }

    /** Polls until the condition holds or 5 s pass. */
    static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

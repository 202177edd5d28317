package dev.nexo.core.internal.agent;

import dev.nexo.api.channel.gateway.AgentOutbound;
import dev.nexo.api.event.Event;
import dev.nexo.api.event.Ids;
import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.DeliveryReceipt;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.tool.BindingContext;
import dev.nexo.api.tool.ToolContext;
import dev.nexo.api.tool.ToolErrorCode;
import dev.nexo.api.tool.ToolException;
import dev.nexo.core.internal.message.MessageJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every agent send goes through here: replies to the inbound chat and sends through channel send
 * tools ({@link AgentOutbound}). The channel kind must be one the agent is bound to or has
 * {@code credentials} for, the instance is the pinned one (the LLM cannot pick another account),
 * and the recipient must pass the turn's outbound allowlist. Refused replies become an
 * {@code outbound_not_allowed} error event; refused tool sends fail with {@code not_allowed}.
 */
final class Outbound implements AgentOutbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    private static final long RECEIPT_TIMEOUT_MS = 30_000;

    private final AgentEngine engine;
    private final MessageJson json;
    private final ScheduledExecutorService timer;
    private final Map<String, CompletableFuture<DeliveryReceipt>> pending = new ConcurrentHashMap<>();

    Outbound(AgentEngine engine, dev.nexo.api.broker.Broker broker, MessageJson json, ScheduledExecutorService timer) {
        this.engine = engine;
        this.json = json;
        this.timer = timer;
    }

    /** Sends a turn's reply back to the chat it came from. */
    void reply(TurnPolicy policy, InboundMessage m, String text, String corr, String sessionId) {
        String kind = m.channel().kind();
        String recipient = m.chat().id();
        String agentId = policy.agent().id();
        if (text.isBlank()) {
            LOG.info("agent {} produced an empty reply; nothing sent [{}]", agentId, corr);
            return;
        }
        if (!policy.recipientAllowed(kind, recipient)) {
            engine.error(agentId, "outbound_not_allowed", "recipient is not in the outbound allowlist for " + kind, corr);
            return;
        }
        String pinned = policy.agent().credentials().get(kind);
        String instance = pinned != null ? pinned : m.channel().instance().orElse(null);
        OutboundMessage out = OutboundMessage.builder(ChannelRef.of(kind, instance), recipient).text(text)
                .replyTo(m.messageId()).threadId(m.chat().threadId().orElse(null)).correlationId(corr).build();
        engine.publish(agentId, out, sessionId).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("reply of agent {} not accepted by the broker: {} [{}]", agentId, err.toString(), corr);
            }
        });
    }

    @Override
    public CompletionStage<DeliveryReceipt> send(ToolContext context, OutboundMessage message) {
        BindingContext binding = context.binding().orElse(null);
        if (binding == null) {
            return refuse("a turn without a channel binding cannot send messages");
        }
        Optional<TurnPolicy> found = engine.policyFor(context);
        if (found.isEmpty()) {
            return refuse("unknown agent " + context.agentId());
        }
        TurnPolicy policy = found.get();
        String kind = message.channel().kind();
        String pinned = policy.agent().credentials().get(kind);
        if (pinned == null && binding.channel().equals(kind)) {
            pinned = binding.accountId();
        }
        if (pinned == null) {
            return refuse("agent " + context.agentId() + " has no account on " + kind);
        }
        if (message.channel().instance().isPresent() && !message.channel().instance().get().equals(pinned)) {
            return refuse("the agent's " + kind + " account is pinned; another account cannot be chosen");
        }
        if (!policy.recipientAllowed(kind, message.recipient())) {
            return refuse("recipient is not in the outbound allowlist for " + kind);
        }
        String corr = Ids.newId();
        OutboundMessage checked = message.toBuilder().correlationId(corr).build();
        OutboundMessage pinnedMessage = rebuild(checked, ChannelRef.of(kind, pinned));
        CompletableFuture<DeliveryReceipt> receipt = new CompletableFuture<>();
        pending.put(corr, receipt);
        timer.schedule(() -> {
            if (pending.remove(corr) != null) {
                receipt.completeExceptionally(new ToolException(ToolErrorCode.TIMEOUT, "no delivery receipt within "
                        + RECEIPT_TIMEOUT_MS + " ms"));
            }
        }, RECEIPT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        engine.publish(context.agentId(), pinnedMessage, context.sessionId().orElse(null)).whenComplete((v, err) -> {
            if (err != null && pending.remove(corr) != null) {
                receipt.completeExceptionally(new ToolException(ToolErrorCode.UNAVAILABLE, "broker refused the message",
                        null, null, err));
            }
        });
        return receipt;
    }

    void onReceipt(Event event) {
        if (pending.isEmpty()) {
            return;
        }
        try {
            DeliveryReceipt r = json.receipt(event.payload());
            r.correlationId().map(pending::remove).ifPresent(f -> f.complete(r));
        } catch (IllegalArgumentException e) {
            LOG.debug("malformed receipt {}: {}", event.id(), e.getMessage());
        }
    }

    void close() {
        pending.values().forEach(f -> f.completeExceptionally(new ToolException(ToolErrorCode.UNAVAILABLE,
                "agent runtime stopped")));
        pending.clear();
    }

    private static OutboundMessage rebuild(OutboundMessage m, ChannelRef channel) {
        OutboundMessage.Builder b = OutboundMessage.builder(channel, m.recipient()).text(m.text())
                .replyTo(m.replyToMessageId().orElse(null)).threadId(m.threadId().orElse(null)).format(m.format())
                .correlationId(m.correlationId().orElse(null));
        m.attachments().forEach(b::attachment);
        m.extra().forEach(b::extra);
        return b.build();
    }

    private static CompletionStage<DeliveryReceipt> refuse(String why) {
        return CompletableFuture.failedFuture(new ToolException(ToolErrorCode.NOT_ALLOWED, why));
    }
}

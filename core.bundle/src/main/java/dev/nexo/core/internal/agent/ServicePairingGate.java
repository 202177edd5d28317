package dev.nexo.core.internal.agent;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.trust.PairingService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PairingGate} backed by the trust bundle's {@link PairingService}, installed by the
 * runtime for bindings whose {@code pairing_policy} requires pairing. It fails closed: while no
 * pairing service is bound (trust bundle absent or stopped) or when it throws, such messages are
 * dropped, logged at warn and counted — a binding that asks for pairing never falls back to
 * admitting everyone. A {@code CHALLENGE} verdict answers the sender with the pairing code through
 * the normal outbound path (the chat and channel account the message came in on); a
 * {@code DROPPED} verdict drops silently.
 */
final class ServicePairingGate implements PairingGate {
    private static final Logger LOG = LoggerFactory.getLogger(ServicePairingGate.class);

    private final BiConsumer<String, OutboundMessage> send;
    private final LongAdder failedClosed = new LongAdder();
    private final LongAdder challenged = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile PairingService service;

    /** @param send publishes one outbound message for an agent to its channel (the replies' path) */
    ServicePairingGate(BiConsumer<String, OutboundMessage> send) {
        this.send = send;
    }

    void bind(PairingService s) {
        this.service = s;
    }

    void unbind(PairingService s) {
        if (service == s) {
            service = null;
        }
    }

    @Override
    public boolean admits(String agentId, InboundMessage m) {
        PairingService s = service;
        if (s == null) {
            failedClosed.increment();
            LOG.warn("agent {} requires pairing on {} but no pairing service is available (trust bundle absent or "
                    + "stopped); dropping the message", agentId, m.channel());
            return false;
        }
        String instance = m.channel().instance().orElse("default");
        PairingService.Verdict verdict;
        try {
            verdict = s.check(m.channel().kind(), instance, m.sender().id());
        } catch (RuntimeException e) {
            failedClosed.increment();
            LOG.warn("pairing check for agent {} on {} failed; dropping the message: {}", agentId, m.channel(),
                    e.toString());
            return false;
        }
        switch (verdict.status()) {
            case ALLOWED:
                return true;
            case CHALLENGE:
                challenged.increment();
                challenge(agentId, m, instance, verdict.code());
                return false;
            default:
                dropped.increment();
                LOG.debug("sender on {} is not paired with agent {} and gets no answer", m.channel(), agentId);
                return false;
        }
    }

    private void challenge(String agentId, InboundMessage m, String instance, String code) {
        LOG.info("unpaired sender on {} for agent {}: pairing code sent, waiting for an operator", m.channel(), agentId);
        OutboundMessage out = OutboundMessage.builder(ChannelRef.of(m.channel().kind(), instance), m.chat().id())
                .text(text(code)).replyTo(m.messageId()).threadId(m.chat().threadId().orElse(null)).build();
        try {
            send.accept(agentId, out);
        } catch (RuntimeException e) {
            LOG.warn("could not send the pairing code on {}: {}", m.channel(), e.toString());
        }
    }

    /** @return what the sender reads: the code and what to do with it */
    static String text(String code) {
        return "This assistant only answers paired contacts. Your pairing code is " + code
                + ". Ask the operator to approve it; it is valid for 60 minutes.";
    }

    /** @return messages dropped because no pairing service was available or it failed */
    long failedClosed() {
        return failedClosed.sum();
    }

    /** @return messages answered with a pairing code */
    long challenged() {
        return challenged.sum();
    }

    /** @return messages dropped silently (rejected sender, too many pending) */
    long dropped() {
        return dropped.sum();
    }
}

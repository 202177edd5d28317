package dev.nexo.core.internal.agent;

import dev.nexo.api.message.ChannelRef;
import dev.nexo.api.message.InboundMessage;
import dev.nexo.api.message.OutboundMessage;
import dev.nexo.api.trust.PairingService;
import dev.nexo.core.internal.metrics.CounterFamily;
import io.micrometer.core.instrument.MeterRegistry;
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
 * {@code DROPPED} verdict drops silently. On {@code /metrics}:
 * {@code nexo_pairing_fail_closed_total{agent,reason="no_service"|"error"}} and
 * {@code nexo_pairing_checks_total{agent,outcome="allowed"|"challenged"|"dropped"}}; an agent's
 * series appear at 0 with its first pairing-gated message.
 */
final class ServicePairingGate implements PairingGate {
    private static final Logger LOG = LoggerFactory.getLogger(ServicePairingGate.class);

    private final BiConsumer<String, OutboundMessage> send;
    static final String TAG_NO_SERVICE = "no_service";
    static final String TAG_ERROR = "error";
    static final String TAG_ALLOWED = "allowed";
    static final String TAG_CHALLENGED = "challenged";
    static final String TAG_DROPPED = "dropped";

    private final CounterFamily failedClosed = new CounterFamily("nexo.pairing.fail.closed",
            "pairing-gated messages dropped because no pairing service was bound (no_service) or its check "
                    + "failed (error)", "agent", "reason");
    private final CounterFamily checks = new CounterFamily("nexo.pairing.checks",
            "pairing checks answered by the pairing service, by verdict", "agent", "outcome");
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

    /** Exports the counters to {@code registry} (the core's Prometheus registry). */
    void bindMeters(MeterRegistry registry) {
        failedClosed.bind(registry);
        checks.bind(registry);
    }

    /** Stops exporting the counters; counting goes on. */
    void unbindMeters() {
        failedClosed.unbind();
        checks.unbind();
    }

    @Override
    public boolean admits(String agentId, InboundMessage m) {
        declare(agentId);
        PairingService s = service;
        if (s == null) {
            failedClosed.increment(agentId, TAG_NO_SERVICE);
            LOG.warn("agent {} requires pairing on {} but no pairing service is available (trust bundle absent or "
                    + "stopped); dropping the message", agentId, m.channel());
            return false;
        }
        String instance = m.channel().instance().orElse("default");
        PairingService.Verdict verdict;
        try {
            verdict = s.check(m.channel().kind(), instance, m.sender().id());
        } catch (RuntimeException e) {
            failedClosed.increment(agentId, TAG_ERROR);
            LOG.warn("pairing check for agent {} on {} failed; dropping the message: {}", agentId, m.channel(),
                    e.toString());
            return false;
        }
        switch (verdict.status()) {
            case ALLOWED:
                checks.increment(agentId, TAG_ALLOWED);
                return true;
            case CHALLENGE:
                checks.increment(agentId, TAG_CHALLENGED);
                challenge(agentId, m, instance, verdict.code());
                return false;
            default:
                checks.increment(agentId, TAG_DROPPED);
                LOG.debug("sender on {} is not paired with agent {} and gets no answer", m.channel(), agentId);
                return false;
        }
    }

    private void declare(String agentId) {
        failedClosed.declare(agentId, TAG_NO_SERVICE);
        failedClosed.declare(agentId, TAG_ERROR);
        checks.declare(agentId, TAG_ALLOWED);
        checks.declare(agentId, TAG_CHALLENGED);
        checks.declare(agentId, TAG_DROPPED);
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
        return checks.sumWhere("outcome", TAG_CHALLENGED);
    }

    /** @return messages admitted by the pairing service */
    long allowed() {
        return checks.sumWhere("outcome", TAG_ALLOWED);
    }

    /** @return messages dropped silently (rejected sender, too many pending) */
    long dropped() {
        return checks.sumWhere("outcome", TAG_DROPPED);
    }

    /** @return fail-closed drops for {@code reason}: {@code no_service} or {@code error} */
    long failedClosed(String reason) {
        return failedClosed.sumWhere("reason", reason);
    }
}

package dev.nexo.channel.email.internal.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Locale;
import java.util.Optional;

/**
 * Mail an agent must never answer, checked in the seed's order (first match wins):
 * {@code auto_submitted} (RFC 3834 Auto-Submitted other than {@code no}), {@code list_mail}
 * (List-Id / List-Unsubscribe), {@code precedence_bulk} (Precedence bulk|junk|list) and
 * {@code self_from} (our own address). Delivery status notifications are caught before, by
 * {@link BounceDetector}.
 */
public final class LoopGuard {
    private final String ownAddress;
    private final boolean autoSubmitted;
    private final boolean listHeaders;
    private final boolean selfFrom;

    /**
     * @param ownAddress the mailbox address
     * @param autoSubmitted check Auto-Submitted
     * @param listHeaders check List-Id, List-Unsubscribe and Precedence
     * @param selfFrom check our own From
     */
    public LoopGuard(String ownAddress, boolean autoSubmitted, boolean listHeaders, boolean selfFrom) {
        this.ownAddress = ownAddress.toLowerCase(Locale.ROOT);
        this.autoSubmitted = autoSubmitted;
        this.listHeaders = listHeaders;
        this.selfFrom = selfFrom;
    }

    /**
     * @param m the message
     * @return the reason to suppress it, or empty to let it through
     * @throws MessagingException if headers cannot be read
     */
    public Optional<String> check(MimeMessage m) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", ",");
        if (autoSubmitted && auto != null && !"no".equalsIgnoreCase(auto.strip())) {
            return Optional.of("auto_submitted");
        }
        if (listHeaders && (m.getHeader("List-Id") != null || m.getHeader("List-Unsubscribe") != null)) {
            return Optional.of("list_mail");
        }
        String precedence = m.getHeader("Precedence", ",");
        if (listHeaders && precedence != null
                && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list")) {
            return Optional.of("precedence_bulk");
        }
        if (selfFrom && m.getFrom() != null) {
            for (var a : m.getFrom()) {
                if (a instanceof InternetAddress ia && ownAddress.equalsIgnoreCase(ia.getAddress())) {
                    return Optional.of("self_from");
                }
            }
        }
        return Optional.empty();
    }
}

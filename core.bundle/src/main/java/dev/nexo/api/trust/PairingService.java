package dev.nexo.api.trust;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Channel-sender pairing: a binding that requires pairing lets a sender's messages reach its
 * agent only once an operator approved that sender. Channels and the core's router call
 * {@link #check} for every inbound message on such a binding.
 */
@ProviderType
public interface PairingService {
    /** What to do with a sender's message. */
    enum Status {
        /** The sender is paired: deliver the message. */
        ALLOWED,
        /** The sender is unknown or waiting: do not deliver; tell the sender {@link Verdict#code()}. */
        CHALLENGE,
        /** Do not deliver and do not answer (rejected sender, or too many pending on this account). */
        DROPPED
    }

    /**
     * @param status the outcome
     * @param code the pairing code to show the sender, for {@link Status#CHALLENGE}; otherwise null
     */
    record Verdict(Status status, String code) {
        /** @return whether the message may reach the agent */
        public boolean delivers() {
            return status == Status.ALLOWED;
        }
    }

    /**
     * Decides one inbound message. An unknown sender gets a fresh 8-character code (valid 60
     * minutes) when fewer than 3 are pending on the account; otherwise it is dropped silently.
     *
     * @param channelKind e.g. {@code telegram}
     * @param instance the channel account (instance id)
     * @param senderId the sender's id on that channel
     * @return allowed, challenge with a code, or dropped
     */
    Verdict check(String channelKind, String instance, String senderId);
}

package dev.nexo.api.broker;

import dev.nexo.api.event.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a subscription is delivered: queue group, queue capacity and overflow policy.
 * The defaults match the nexo local broker: capacity 256, drop on overflow, no queue group.
 */
public final class SubscriptionOptions {
    /** Default queue capacity per subscriber. */
    public static final int DEFAULT_CAPACITY = 256;
    /** The defaults. */
    public static final SubscriptionOptions DEFAULTS = builder().build();

    private final String queueGroup;
    private final int capacity;
    private final OverflowPolicy overflow;
    private final Duration blockTimeout;

    private SubscriptionOptions(Builder b) {
        this.queueGroup = b.queueGroup == null ? null : Topics.requireToken(b.queueGroup, "queue group");
        this.capacity = b.capacity;
        this.overflow = b.overflow;
        this.blockTimeout = b.blockTimeout;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return the queue group: among subscriptions sharing a group and pattern, each event goes to
     *     only one (load balancing); absent means every subscription gets every event
     */
    public Optional<String> queueGroup() {
        return Optional.ofNullable(queueGroup);
    }

    /** @return most undelivered events held for the subscription */
    public int capacity() {
        return capacity;
    }

    /** @return what to do when the queue is full */
    public OverflowPolicy overflow() {
        return overflow;
    }

    /** @return longest wait for room under {@link OverflowPolicy#BLOCK} */
    public Duration blockTimeout() {
        return blockTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SubscriptionOptions)) {
            return false;
        }
        SubscriptionOptions s = (SubscriptionOptions) o;
        return Objects.equals(queueGroup, s.queueGroup) && capacity == s.capacity && overflow == s.overflow
                && blockTimeout.equals(s.blockTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(queueGroup, capacity, overflow, blockTimeout);
    }

    @Override
    public String toString() {
        return "SubscriptionOptions[group=" + queueGroup + ", capacity=" + capacity + ", " + overflow + ']';
    }

    /** Collects {@link SubscriptionOptions}. */
    public static final class Builder {
        private String queueGroup;
        private int capacity = DEFAULT_CAPACITY;
        private OverflowPolicy overflow = OverflowPolicy.DROP;
        private Duration blockTimeout = Duration.ofMillis(500);

        private Builder() {
        }

        /** @param queueGroup a topic token, or null for none */
        public Builder queueGroup(String queueGroup) {
            this.queueGroup = queueGroup;
            return this;
        }

        /** @param capacity queue capacity, at least 1 */
        public Builder capacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /** @return this builder set to drop new events when full */
        public Builder dropOnOverflow() {
            this.overflow = OverflowPolicy.DROP;
            return this;
        }

        /**
         * @param timeout longest wait for room before dropping; positive
         * @return this builder set to block for up to {@code timeout} when full
         */
        public Builder blockOnOverflow(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("block timeout must be positive: " + timeout);
            }
            this.overflow = OverflowPolicy.BLOCK;
            this.blockTimeout = timeout;
            return this;
        }

        /** @return the options */
        public SubscriptionOptions build() {
            return new SubscriptionOptions(this);
        }
    }
}

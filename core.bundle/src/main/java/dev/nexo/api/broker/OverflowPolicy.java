package dev.nexo.api.broker;

/** What a subscription does when its bounded queue is full. */
public enum OverflowPolicy {
    /**
     * Drop the new event with a "slow consumer" warning and count it; the subscription survives.
     * The default, so one slow subscriber never stalls the broker.
     */
    DROP,
    /**
     * Make the delivering thread wait up to {@link SubscriptionOptions#blockTimeout()} for room,
     * then drop as {@link #DROP} does. For consumers that must not lose events under short bursts.
     */
    BLOCK
}

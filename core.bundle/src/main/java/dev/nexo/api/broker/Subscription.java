package dev.nexo.api.broker;

import dev.nexo.api.event.TopicPattern;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A live subscription. Close it in {@code @Deactivate}; closing is idempotent and stops delivery
 * promptly (an in-flight {@code onEvent} call may finish).
 */
@ProviderType
public interface Subscription extends AutoCloseable {
    /** @return the subscribed pattern */
    TopicPattern pattern();

    /** @return the options it was created with */
    SubscriptionOptions options();

    /** @return whether events are still delivered */
    boolean isActive();

    /** @return events dropped so far because the queue was full (slow consumer) */
    long droppedCount();

    /** Stops delivery; never throws. */
    @Override
    void close();
}

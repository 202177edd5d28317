package dev.nexo.api.channel;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A messaging channel instance (one Telegram bot, one mailbox, ...), registered as an OSGi
 * service by a channel bundle. Placeholder shape; the API issue refines it.
 */
@ConsumerType
public interface Channel {
    /** Service property naming the channel kind, e.g. {@code telegram}. */
    String KIND = "nexo.channel.kind";
    /** Service property naming the instance within its kind, e.g. {@code sales_bot}. */
    String INSTANCE = "nexo.channel.instance";

    /** @return the channel kind, e.g. {@code telegram} */
    String kind();

    /** @return the instance name, unique within the kind */
    String instance();
}

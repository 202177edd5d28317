/**
 * Channel SPI: one {@link dev.nexo.api.channel.Channel} service per messaging account (one
 * Telegram bot, one mailbox, one WhatsApp number), registered by a channel bundle.
 *
 * <p>Inbound traffic does not go through this interface: a channel publishes each received message
 * as an event on {@code plugin.inbound.<kind>.<instance>} via the broker. Outbound traffic arrives
 * through {@link dev.nexo.api.channel.Channel#send}, called by the core after the binding's
 * outbound allowlist has been checked. Mark the component with
 * {@link dev.nexo.api.channel.ChannelKind @ChannelKind}.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.channel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

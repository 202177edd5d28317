/**
 * The core's side of a channel: where a channel bundle hands what it receives.
 *
 * <p>{@link dev.nexo.api.channel.gateway.ChannelGateway} is implemented by the core only (a
 * provider type); channel bundles consume it. It lives apart from {@link dev.nexo.api.channel},
 * whose {@code Channel} interface channel bundles implement, so that consumer and provider roles
 * never share a package.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.channel.gateway;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

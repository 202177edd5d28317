/**
 * The channel-neutral message model: what channels publish inbound, what agents send outbound, and
 * what comes back as delivery receipts.
 *
 * <p>Fields follow the nexo channel wire shapes (Telegram {@code message}, email inbound, WhatsApp
 * {@code message}/{@code media_received}); anything channel-specific that has no field here goes in
 * the free {@code extra} string map, keyed {@code <kind>.<name>} (e.g. {@code email.subject}).
 * All types are immutable values; this package has no service interfaces.
 */
@Export
@Version("1.1.0")
package dev.nexo.api.message;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

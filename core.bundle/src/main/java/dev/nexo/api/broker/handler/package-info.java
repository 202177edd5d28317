/**
 * Callback implemented by broker subscribers. Kept apart from {@code dev.nexo.api.broker} because
 * it is a consumer type, while the broker service is a provider type.
 */
@Export
@Version("1.0.0")
package dev.nexo.api.broker.handler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

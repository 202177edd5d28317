/**
 * Framework-level enforcement of manifest capabilities: the operator's bundle policy, the
 * resolver hook that keeps bundles with ungranted {@code dev.nexo.capability} requirements
 * unresolved, and the service hooks that hide trust-sensitive services.
 *
 * <p>The core provides every enforced capability name, so a requirement resolves exactly when
 * the resolver hook lets it (that is, when the policy grants it).
 */
@Capability(namespace = NexoCapabilities.NAMESPACE,
        attribute = NexoCapabilities.NAMESPACE + ":List<String>=\"" + NexoCapabilities.SECRETS + ","
                + NexoCapabilities.OUTBOUND_SEND + "," + NexoCapabilities.BROKER_PUBLISH_FOREIGN + ","
                + NexoCapabilities.NET_OUTBOUND + "\"")
package dev.nexo.core.internal.trust;

import org.osgi.annotation.bundle.Capability;

import dev.nexo.api.trust.NexoCapabilities;

package dev.nexo.api.trust;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Resolves secret references at run time, with the same rules as the configuration files:
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${file:path}} (only below the config dir or
 * the container secret roots {@code /run/secrets}, {@code /var/run/secrets}); other text passes
 * through unchanged.
 *
 * <p>The core registers it with {@code dev.nexo.capability=secrets}
 * ({@link NexoCapabilities#SERVICE_PROPERTY}): only bundles the operator granted
 * {@link NexoCapabilities#SECRETS} (and Nexo's own bundles) can see it. Consumers must not log
 * what it returns.
 *
 * @since 1.2
 */
@ProviderType
public interface SecretResolver {
    /**
     * @param text a value that may contain references
     * @return the text with every reference replaced by its value
     * @throws IllegalArgumentException when a reference is refused or unresolvable; the message
     *         names the variable or path, never a value
     */
    String resolve(String text);
}

package dev.nexo.core.internal.trust;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.nexo.api.trust.NexoCapabilities;
import dev.nexo.api.trust.SecretResolver;
import dev.nexo.core.internal.config.SecretReferences;
import dev.nexo.core.internal.runtime.StateRoot;

/**
 * The run-time {@link SecretResolver}: the config files' placeholder rules against the config dir
 * and the process environment. Registered with {@code dev.nexo.capability=secrets}, so
 * {@link CapabilityServiceHooks} shows it only to bundles the operator granted {@code secrets}
 * (and to Nexo's own bundles).
 */
@Component(service = SecretResolver.class, property = NexoCapabilities.SERVICE_PROPERTY + "=" + NexoCapabilities.SECRETS)
public class SecretResolverService implements SecretResolver {
    private final SecretReferences references;

    @Activate
    public SecretResolverService(@Reference StateRoot state) {
        this.references = new SecretReferences(state.configDir().orElse(null), System::getenv);
    }

    SecretResolverService(SecretReferences references) {
        this.references = references;
    }

    @Override
    public String resolve(String text) {
        return references.resolve(text, "a secret reference");
    }
}

package dev.nexo.itest.trustfixture;

import dev.nexo.api.trust.NexoCapabilities;
import dev.nexo.api.trust.RequireNexoCapability;

/** Declares, through the annotation, that this bundle needs the secrets capability. */
@RequireNexoCapability(NexoCapabilities.SECRETS)
public final class SecretsReader {
    private SecretsReader() {
    }
}

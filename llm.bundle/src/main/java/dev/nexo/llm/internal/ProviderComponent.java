package dev.nexo.llm.internal;

import org.osgi.service.component.annotations.Deactivate;

/**
 * What every provider component shares: it starts one {@link ProviderRuntime} (the kind-specific
 * part is the subclass's constructor: which wire, which default base URL) and stops it on
 * deactivation. The subclasses differ only in their PID and that choice.
 */
abstract class ProviderComponent {
    private final ProviderRuntime runtime;

    ProviderComponent(ProviderRuntime runtime) {
        this.runtime = runtime;
    }

    @Deactivate
    void deactivate() {
        runtime.stop();
    }
}

package dev.nexo.llm.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Anthropic Messages API with a static API key ({@code x-api-key}). */
@Component(configurationPid = AnthropicProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class AnthropicProvider extends ProviderComponent {
    static final String PID = "dev.nexo.llm.provider.anthropic";

    @Activate
    public AnthropicProvider(BundleContext context, ProviderConfig config) {
        super(ProviderRuntime.start(context, "anthropic", config, "https://api.anthropic.com",
                endpoint -> new AnthropicWire(endpoint, config.default__max__tokens())));
    }
}

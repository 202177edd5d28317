package dev.nexo.llm.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * DeepSeek: the OpenAI-compatible wire with DeepSeek's default endpoint, so that a `providers.deepseek`
 * entry without `factory_type` works as the seed's configs expect.
 */
@Component(configurationPid = DeepSeekProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class DeepSeekProvider extends ProviderComponent {
    static final String PID = "dev.nexo.llm.provider.deepseek";

    @Activate
    public DeepSeekProvider(BundleContext context, ProviderConfig config) {
        super(OpenAiProvider.start(context, "deepseek", config, "https://api.deepseek.com/v1", "/chat/completions"));
    }
}

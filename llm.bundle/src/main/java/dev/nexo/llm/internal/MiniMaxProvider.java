package dev.nexo.llm.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * MiniMax: the OpenAI-compatible wire with MiniMax's default endpoint, so that a `providers.minimax`
 * entry without `factory_type` works as the seed's configs expect.
 */
@Component(configurationPid = MiniMaxProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class MiniMaxProvider extends ProviderComponent {
    static final String PID = "dev.nexo.llm.provider.minimax";

    @Activate
    public MiniMaxProvider(BundleContext context, ProviderConfig config) {
        super(OpenAiProvider.start(context, "minimax", config, "https://api.minimax.io/v1", "/text/chatcompletion_v2"));
    }
}

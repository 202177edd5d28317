package dev.nexo.llm.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/** Google Gemini generateContent with function calling ({@code x-goog-api-key}). */
@Component(configurationPid = GeminiProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class GeminiProvider extends ProviderComponent {
    static final String PID = "dev.nexo.llm.provider.gemini";

    @Activate
    public GeminiProvider(BundleContext context, ProviderConfig config) {
        super(ProviderRuntime.start(context, "gemini", config, "https://generativelanguage.googleapis.com",
                endpoint -> new GeminiWire(endpoint, config.safety__settings())));
    }
}

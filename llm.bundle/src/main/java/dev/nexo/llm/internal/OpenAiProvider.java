package dev.nexo.llm.internal;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * OpenAI-compatible chat completions: OpenAI, Ollama, vLLM, llama.cpp, Groq, OpenRouter, LM Studio
 * and any other server of that wire through {@code base_url}. With {@code api_flavor:
 * anthropic_messages} (or a base URL ending in {@code /anthropic}) it speaks the Anthropic wire.
 */
@Component(configurationPid = OpenAiProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProviderConfig.class, factory = true)
public final class OpenAiProvider extends ProviderComponent {
    static final String PID = "dev.nexo.llm.provider.openai";

    @Activate
    public OpenAiProvider(BundleContext context, ProviderConfig config) {
        super(start(context, "openai", config, "https://api.openai.com/v1", "/chat/completions"));
    }

    /** Starts an OpenAI-compatible kind, choosing the wire from {@code api_flavor} and the base URL. */
    static ProviderRuntime start(BundleContext context, String kind, ProviderConfig config, String defaultBaseUrl,
            String defaultPath) {
        String path = config.chat__path().isBlank() ? defaultPath : config.chat__path().strip();
        return ProviderRuntime.start(context, kind, config, defaultBaseUrl, endpoint -> {
            boolean anthropic = "anthropic_messages".equals(config.api__flavor().strip())
                    || (config.api__flavor().isBlank() && endpoint.baseUrl().endsWith("/anthropic"));
            return anthropic ? new AnthropicWire(endpoint, config.default__max__tokens()) : new OpenAiWire(endpoint, path);
        });
    }
}

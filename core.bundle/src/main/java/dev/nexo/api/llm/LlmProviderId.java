package dev.nexo.api.llm;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type setting {@link LlmProvider#PROVIDER} ({@code nexo.llm.provider.id}):
 * {@code @LlmProviderId("anthropic")}.
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface LlmProviderId {
    /** Prefixed to the derived property name {@code llm.provider.id}. */
    String PREFIX_ = "nexo.";

    /** @return the provider id, e.g. {@code openai}, {@code anthropic}, {@code gemini} */
    String value();
}

package dev.nexo.api.channel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type setting the {@link Channel#KIND} service property
 * ({@code nexo.channel.kind}) on a {@link Channel} component:
 *
 * <pre>{@code
 * @ChannelKind("telegram")
 * @Component(service = Channel.class, configurationPid = "dev.nexo.channel.telegram",
 *            configurationPolicy = ConfigurationPolicy.REQUIRE)
 * public class TelegramChannel implements Channel { ... }
 * }</pre>
 */
@ComponentPropertyType
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ChannelKind {
    /** Prefixed to the derived property name {@code channel.kind}, giving {@code nexo.channel.kind}. */
    String PREFIX_ = "nexo.";

    /** @return the channel kind, a topic token such as {@code telegram}, {@code email}, {@code whatsapp} */
    String value();
}
